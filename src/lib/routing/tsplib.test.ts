import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tourLength } from './exact-tsp.ts';
import { parseTsplib, runTsplib, tsplibMatrix, TsplibError, type TsplibErrorCode } from './tsplib.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const fixturePath = (name: string) => `${ROOT}tests/fixtures/routing/${name}.tsp`;
const fixture = (name: string) => readFileSync(fixturePath(name), 'utf8');
/** Published optima (TSPLIB 95, Reinelt 1995). */
const OPTIMUM = { eil51: 426, berlin52: 7542 } as const;

const SQUARE = 'NAME : square\nTYPE : TSP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EUC_2D\nNODE_COORD_SECTION\n1 0 0\n2 0 10\n3 10 10\n4 10 0\nEOF\n';

function errorCode(text: string): TsplibErrorCode | undefined {
	const parsed = parseTsplib(text);
	return parsed.ok ? undefined : parsed.error.code;
}

/** Length of a closed tour of 1-based node ids in the instance's own TSPLIB distances. */
function recomputedLength(text: string, tour: number[]): number {
	const parsed = parseTsplib(text);
	if (!parsed.ok) throw parsed.error;
	const matrix = tsplibMatrix(parsed.instance);
	return tourLength(matrix.distance, matrix.size, tour.map((id) => id - 1), true);
}

/** Runs the CLI; the child processes of one test run side by side. */
function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		execFile(process.execPath, ['--import', 'tsx', 'scripts/routing.ts', ...args], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) => {
			resolve({ status: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr });
		});
	});
}

describe('parseTsplib', () => {
	it('reads a well-formed file', () => {
		const parsed = parseTsplib(SQUARE);
		expect(parsed).toEqual({ ok: true, instance: { name: 'square', dimension: 4, points: [{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 0 }] } });
	});

	it('tolerates "KEY: value", "KEY:value", CRLF, blank lines, trailing blanks, unknown keys, node ids in any order and no EOF', () => {
		const text = 'NAME:square  \r\nCOMMENT: a test\r\nTYPE: TSP\r\n\r\nDIMENSION:4\r\nOPTIMUM: 40\r\nEDGE_WEIGHT_TYPE: EUC_2D \r\nNODE_COORD_SECTION\r\n 3 10 10  \r\n1 0.0 0e0\r\n\r\n2 0 1.0e1\r\n4 10 0\r\n';
		const parsed = parseTsplib(text);
		expect(parsed.ok && parsed.instance.points).toEqual([{ x: 0, y: 0 }, { x: 0, y: 10 }, { x: 10, y: 10 }, { x: 10, y: 0 }]);
	});

	it('names an unsupported EDGE_WEIGHT_TYPE or TYPE in its error', () => {
		const geo = parseTsplib(SQUARE.replace('EUC_2D', 'GEO'));
		expect(geo.ok).toBe(false);
		expect(!geo.ok && geo.error.message).toMatch(/EDGE_WEIGHT_TYPE GEO is not supported/);
		expect(!geo.ok && geo.error).toBeInstanceOf(TsplibError);
		const atsp = parseTsplib(SQUARE.replace('TYPE : TSP', 'TYPE : ATSP'));
		expect(!atsp.ok && atsp.error.message).toMatch(/TYPE ATSP is not supported/);
	});

	it('reports malformed files by code and line', () => {
		expect(errorCode(SQUARE.replace('DIMENSION : 4\n', ''))).toBe('missing-dimension');
		expect(errorCode(SQUARE.replace('DIMENSION : 4', 'DIMENSION : four'))).toBe('bad-dimension');
		expect(errorCode(SQUARE.replace('DIMENSION : 4', 'DIMENSION : 5'))).toBe('wrong-coordinate-count');
		expect(errorCode(SQUARE.replace('DIMENSION : 4', 'DIMENSION : 3'))).toBe('wrong-coordinate-count');
		expect(errorCode(SQUARE.replace('EDGE_WEIGHT_TYPE : EUC_2D\n', ''))).toBe('missing-edge-weight-type');
		expect(errorCode(SQUARE.replace(/NODE_COORD_SECTION[^]*/, 'EOF\n'))).toBe('missing-coordinates');
		expect(errorCode(SQUARE.replace('2 0 10', '2 0 ten'))).toBe('bad-coordinate');
		expect(errorCode(SQUARE.replace('2 0 10', '2 0'))).toBe('bad-coordinate');
		expect(errorCode(SQUARE.replace('2 0 10', '1 0 10'))).toBe('bad-coordinate');
		expect(errorCode(SQUARE.replace('NODE_COORD_SECTION', 'EDGE_WEIGHT_SECTION'))).toBe('unsupported-section');
		expect(errorCode(SQUARE.replace('TYPE : TSP', 'just words'))).toBe('bad-line');
		const parsed = parseTsplib(SQUARE.replace('2 0 10', '2 0 1O'));
		expect(!parsed.ok && parsed.error.message).toBe('line 7: "1O" is not a number');
		expect(!parsed.ok && parsed.error.line).toBe(7);
	});
});

describe('runTsplib', () => {
	it('throws TsplibError for a malformed file', () => {
		expect(() => runTsplib(SQUARE.replace('DIMENSION : 4\n', ''))).toThrow(TsplibError);
	});

	it('solves the square with 1-based ids', () => {
		const { tour, length } = runTsplib(SQUARE, { maxIterations: 10 });
		expect(length).toBe(40);
		expect([...tour].sort()).toEqual([1, 2, 3, 4]);
	});

	it.each(Object.entries(OPTIMUM).map(([name, optimum]) => ({ name, optimum })))('comes within 2 percent of the optimum of $name ($optimum) in 1 s', ({ name, optimum }) => {
		const text = fixture(name);
		const { tour, length } = runTsplib(text, { seed: 1, timeLimitMs: 1000 });
		expect(length).toBe(recomputedLength(text, tour));
		expect(length).toBeGreaterThanOrEqual(optimum);
		expect(length).toBeLessThanOrEqual(optimum * 1.02);
	});
});

describe('scripts/routing.ts', () => {
	it('prints one JSON line whose tour is a permutation of 1..n and whose length matches the tour', async () => {
		const text = fixture('eil51');
		const run = await cli('--tsplib', fixturePath('eil51'), '--time-limit', '300', '--seed', '2');
		expect(run.status).toBe(0);
		const lines = run.stdout.trim().split('\n');
		expect(lines).toHaveLength(1);
		const result = JSON.parse(lines[0]) as { name: string; tour: number[]; length: number };
		expect(result.name).toBe('eil51');
		expect([...result.tour].sort((a, b) => a - b)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1));
		expect(result.length).toBe(recomputedLength(text, result.tour));
	});

	it('exits with 2 and a message on stderr for bad arguments and malformed files, 0 with usage for --help', async () => {
		const [unknown, badLimit, missing, malformed, help] = await Promise.all([
			cli('--tsplib', fixturePath('eil51'), '--fast'),
			cli('--tsplib', fixturePath('eil51'), '--time-limit', 'soon'),
			cli('--tsplib', fixturePath('missing')),
			cli('--tsplib', `${ROOT}package.json`),
			cli('--help')
		]);
		for (const run of [unknown, badLimit, missing, malformed]) {
			expect(run.status).toBe(2);
			expect(run.stdout).toBe('');
		}
		expect(unknown.stderr).toMatch(/unknown argument "--fast"/);
		expect(badLimit.stderr).toMatch(/--time-limit must be a positive number/);
		expect(missing.stderr).toMatch(/cannot read/);
		expect(malformed.stderr).toMatch(/package\.json: line 1: expected "KEY : value"/);
		expect(help.status).toBe(0);
		expect(help.stdout).toMatch(/--tsplib FILE\.tsp/);
	});
});
