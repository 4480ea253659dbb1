// TSPLIB 95 files (Reinelt 1991, "TSPLIB — A Traveling Salesman Problem Library"), the subset the
// benchmarks need: TYPE TSP with EDGE_WEIGHT_TYPE EUC_2D and a NODE_COORD_SECTION. Other types are
// refused by name rather than misread; unknown specification keys (OPTIMUM, DISPLAY_DATA_TYPE) are skipped.
import { euclideanMatrix, type PlanePoint } from './euclidean.ts';
import type { TravelMatrix } from './problem.ts';
import { solveTsp, type TspOptions } from './tsp.ts';

const SUPPORTED_TYPE = 'TSP';
const SUPPORTED_EDGE_WEIGHT_TYPE = 'EUC_2D';
const COORDINATE_SECTION = 'NODE_COORD_SECTION';
/** `KEY : value`, `KEY: value` or `KEY:value`. */
const SPECIFICATION_LINE = /^([A-Za-z_]+)\s*:\s*(.*)$/;
/** A section keyword alone on its line, in case a file writes it with a colon. */
const SECTION_LINE = /^([A-Z_]+_SECTION)\s*:?$/;
/** The solver keeps n×n matrices of doubles: 200 MB at 5,000 nodes, beyond what a browser tab should hold. */
const MAX_DIMENSION = 5000;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export type TsplibErrorCode =
	| 'missing-dimension'
	| 'bad-dimension'
	| 'unsupported-type'
	| 'missing-edge-weight-type'
	| 'unsupported-edge-weight-type'
	| 'unsupported-section'
	| 'missing-coordinates'
	| 'bad-coordinate'
	| 'wrong-coordinate-count'
	| 'bad-line';

export class TsplibError extends Error {
	override name = 'TsplibError';
	readonly code: TsplibErrorCode;
	/** 1-based line of the file, when one line is at fault. */
	readonly line?: number;

	constructor(code: TsplibErrorCode, message: string, line?: number) {
		super(line === undefined ? message : `line ${line}: ${message}`);
		this.code = code;
		this.line = line;
	}
}

export interface TsplibInstance {
	name: string;
	dimension: number;
	/** points[i] is node i + 1 of the file. */
	points: PlanePoint[];
}

export type TsplibParse = { ok: true; instance: TsplibInstance } | { ok: false; error: TsplibError };

export function parseTsplib(text: string): TsplibParse {
	try {
		return { ok: true, instance: parse(text) };
	} catch (error) {
		if (error instanceof TsplibError) return { ok: false, error };
		throw error;
	}
}

/** TSPLIB's EUC_2D distances: rounded to the nearest integer, as every published optimum assumes. */
export function tsplibMatrix(instance: TsplibInstance): TravelMatrix {
	return euclideanMatrix(instance.points, 'nint');
}

export type TsplibRunOptions = Pick<TspOptions, 'seed' | 'timeLimitMs' | 'maxIterations' | 'stallIterations' | 'clock'>;

export interface TsplibTour {
	name: string;
	/** Node ids as in the file (1-based), a closed tour. */
	tour: number[];
	length: number;
}

/** Parses and solves a file; throws TsplibError when the text is not a supported TSPLIB instance. */
export function runTsplib(text: string, options: TsplibRunOptions = {}): TsplibTour {
	const parsed = parseTsplib(text);
	if (!parsed.ok) throw parsed.error;
	const { tour, length } = solveTsp(tsplibMatrix(parsed.instance), options);
	return { name: parsed.instance.name, tour: tour.map((node) => node + 1), length };
}

function parse(text: string): TsplibInstance {
	const lines = text.split(/\r?\n/);
	let name = 'unnamed';
	let dimension: number | undefined;
	let edgeWeightType: string | undefined;
	let points: (PlanePoint | undefined)[] | undefined;
	let found = 0;
	let inCoordinates = false;

	for (let index = 0; index < lines.length; index++) {
		const line = lines[index].trim();
		const lineNumber = index + 1;
		if (line === '') continue;
		if (line === 'EOF') break;
		if (inCoordinates && points) {
			const fields = line.split(/\s+/);
			if (DECIMAL.test(fields[0])) {
				readCoordinate(fields, lineNumber, points, found);
				found++;
				continue;
			}
			inCoordinates = false;
		}
		const section = SECTION_LINE.exec(line);
		if (section) {
			if (section[1] !== COORDINATE_SECTION) throw new TsplibError('unsupported-section', `${section[1]} is not supported (only ${COORDINATE_SECTION})`, lineNumber);
			if (dimension === undefined) throw new TsplibError('missing-dimension', `DIMENSION must come before ${COORDINATE_SECTION}`, lineNumber);
			points ??= new Array<PlanePoint | undefined>(dimension).fill(undefined);
			inCoordinates = true;
			continue;
		}
		const specification = SPECIFICATION_LINE.exec(line);
		if (!specification) throw new TsplibError('bad-line', `expected "KEY : value" or a section, found "${line}"`, lineNumber);
		const key = specification[1].toUpperCase();
		const value = specification[2].trim();
		switch (key) {
			case 'NAME':
				name = value;
				break;
			case 'TYPE':
				if (value.split(/\s+/)[0] !== SUPPORTED_TYPE) throw new TsplibError('unsupported-type', `TYPE ${value} is not supported (only ${SUPPORTED_TYPE})`, lineNumber);
				break;
			case 'DIMENSION':
				dimension = Number(value);
				if (!DECIMAL.test(value) || !Number.isInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) {
					throw new TsplibError('bad-dimension', `DIMENSION must be an integer from 1 to ${MAX_DIMENSION}, got "${value}"`, lineNumber);
				}
				break;
			case 'EDGE_WEIGHT_TYPE':
				edgeWeightType = value;
				if (value !== SUPPORTED_EDGE_WEIGHT_TYPE) {
					throw new TsplibError('unsupported-edge-weight-type', `EDGE_WEIGHT_TYPE ${value} is not supported (only ${SUPPORTED_EDGE_WEIGHT_TYPE})`, lineNumber);
				}
				break;
		}
	}

	if (dimension === undefined) throw new TsplibError('missing-dimension', 'DIMENSION is missing');
	if (edgeWeightType === undefined) throw new TsplibError('missing-edge-weight-type', `EDGE_WEIGHT_TYPE is missing (expected ${SUPPORTED_EDGE_WEIGHT_TYPE})`);
	if (points === undefined) throw new TsplibError('missing-coordinates', `${COORDINATE_SECTION} is missing`);
	if (found !== dimension) throw new TsplibError('wrong-coordinate-count', `DIMENSION is ${dimension} but ${found} coordinates were given`);
	return { name, dimension, points: points.filter((point): point is PlanePoint => point !== undefined) };
}

/** One `id x y` line; ids run from 1 to DIMENSION, each once, in any order. */
function readCoordinate(fields: string[], lineNumber: number, points: (PlanePoint | undefined)[], found: number): void {
	const dimension = points.length;
	if (found === dimension) throw new TsplibError('wrong-coordinate-count', `more coordinates than DIMENSION ${dimension}`, lineNumber);
	if (fields.length !== 3) throw new TsplibError('bad-coordinate', `expected "id x y", found "${fields.join(' ')}"`, lineNumber);
	const bad = fields.find((field) => !DECIMAL.test(field));
	if (bad !== undefined) throw new TsplibError('bad-coordinate', `"${bad}" is not a number`, lineNumber);
	const [id, x, y] = fields.map(Number);
	if (!Number.isInteger(id) || id < 1 || id > dimension) throw new TsplibError('bad-coordinate', `node id ${fields[0]} is not between 1 and ${dimension}`, lineNumber);
	if (points[id - 1] !== undefined) throw new TsplibError('bad-coordinate', `node ${id} is given twice`, lineNumber);
	points[id - 1] = { x, y };
}
