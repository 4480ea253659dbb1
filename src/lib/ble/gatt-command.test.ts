// `npm run gatt`: what support staff see for good bytes, refused bytes and a mistyped command.
import { describe, expect, it } from 'vitest';
import { CHARACTERISTIC_PARSERS } from './characteristics.ts';
import { runGattCommand } from './gatt-command.ts';

const BLOOD_PRESSURE_EXAMPLE = '06 78 00 50 00 5D 00 EA 07 0B 18 09 1E 00 48 00';

describe('npm run gatt -- <characteristic> <hex>', () => {
	it('2A35 with the DOMAIN.md example prints the reading as JSON and exits 0', () => {
		const { exitCode, output } = runGattCommand(['2A35', ...BLOOD_PRESSURE_EXAMPLE.split(' ')]);
		expect(exitCode).toBe(0);
		expect(JSON.parse(output)).toEqual({
			ok: true,
			reading: { kind: 'blood-pressure', systolic: 120, diastolic: 80, meanArterial: 93, unitSent: 'mmHg', timestamp: '2026-11-24T09:30:00', pulseBpm: 72 }
		});
		expect(output).toContain('\n  "reading": {'); // pretty-printed for people
	});

	it('reads hex with spaces, colons, nothing between bytes, 0x prefixes, or spread over arguments', () => {
		const expected = runGattCommand(['2A37', '10 48 00 04']);
		expect(expected.exitCode).toBe(0);
		expect(JSON.parse(expected.output)).toMatchObject({ ok: true, reading: { bpm: 72, rrIntervalsS: [1] } });
		for (const args of [['2A37', '10:48:00:04'], ['2A37', '10480004'], ['2a37', '1048', '0004'], ['0x2A37', '0x10', '0x48', '0x00', '0x04'], ['00002a37-0000-1000-8000-00805f9b34fb', '10', '48:00', '04']]) {
			expect(runGattCommand(args), args.join(' ')).toEqual(expected);
		}
	});

	it('bytes the parser refuses print the typed error as JSON and exit 1', () => {
		const { exitCode, output } = runGattCommand(['2A35', '06 78 00 50 00 5D 00 EA 07']);
		expect(exitCode).toBe(1);
		const printed = JSON.parse(output);
		expect(printed).toEqual({ ok: false, error: { code: 'short-buffer', message: expect.stringContaining('Blood Pressure Measurement') } });
		expect(JSON.parse(runGattCommand(['2A9D', 'FF', 'FF']).output)).toMatchObject({ ok: false, error: { code: 'reserved-flag' } });
	});

	it('a mistyped command exits 2 with the problem and a usage text listing every known characteristic', () => {
		for (const [args, problem] of [
			[[], 'No characteristic'],
			[['2A00', '00'], 'Unknown characteristic "2A00"'],
			[['heart-rate', '10 48'], 'Unknown characteristic'],
			[['2A37'], 'No bytes'],
			[['2A37', '10 4'], 'no sequence of hex bytes'],
			[['2A37', 'zz'], 'no sequence of hex bytes']
		] as const) {
			const { exitCode, output } = runGattCommand([...args]);
			expect(exitCode, args.join(' ')).toBe(2);
			expect(output).toContain(problem);
			expect(output).toContain('Usage: npm run gatt -- <characteristic> <hex bytes…>');
			for (const { name } of Object.values(CHARACTERISTIC_PARSERS)) expect(output).toContain(name);
		}
		expect(runGattCommand(['2A00', '00']).output).toMatch(/^ {2}2A37 {2}Heart Rate Measurement$/m);
	});

	it('--help prints the usage and exits 0', () => {
		const { exitCode, output } = runGattCommand(['--help']);
		expect(exitCode).toBe(0);
		expect(output).toContain('2A5F  PLX Continuous Measurement');
	});
});
