// `npm run gatt -- 2A37 "10 48 00 04"`: decodes the bytes a device sent, for support staff reading a
// log or a sniffer trace. Pure: arguments in, exit code and text out (scripts/gatt.ts does the I/O).
import { CHARACTERISTIC_PARSERS, characteristicNumber, parseCharacteristic } from './characteristics.ts';
import { fromHex } from './gatt-result.ts';

/** 0: decoded; 1: the parser refused the bytes (typed error, still JSON); 2: the command was misused. */
export interface GattCommandOutcome {
	exitCode: 0 | 1 | 2;
	output: string;
}

const JSON_INDENT = 2;

function shortUuid(number: number): string {
	return number.toString(16).toUpperCase().padStart(4, '0');
}

export function gattUsage(): string {
	const known = Object.entries(CHARACTERISTIC_PARSERS).map(([number, { name }]) => `  ${shortUuid(Number(number))}  ${name}`);
	return [
		'Usage: npm run gatt -- <characteristic> <hex bytes…>',
		'Decodes what a device sent on a GATT characteristic, e.g. npm run gatt -- 2A37 "10 48 00 04".',
		'The characteristic as 2A37, 0x2A37 or its 128-bit UUID; bytes as hex with spaces, colons or',
		'nothing between them, in one argument or several.',
		'',
		'Characteristics:',
		...known
	].join('\n');
}

function usageError(problem: string): GattCommandOutcome {
	return { exitCode: 2, output: `${problem}\n\n${gattUsage()}` };
}

export function runGattCommand(args: string[]): GattCommandOutcome {
	if (args.length === 1 && (args[0] === '--help' || args[0] === '-h')) return { exitCode: 0, output: gattUsage() };
	const [characteristic, ...hexArgs] = args;
	if (characteristic === undefined) return usageError('No characteristic given.');
	const number = characteristicNumber(characteristic);
	if (number === undefined || !CHARACTERISTIC_PARSERS[number]) return usageError(`Unknown characteristic "${characteristic}".`);
	const hex = hexArgs.join(' ').replace(/0x/gi, '');
	if (hex.trim() === '') return usageError('No bytes given.');
	const view = fromHex(hex);
	if (!view) return usageError(`"${hexArgs.join(' ')}" is no sequence of hex bytes.`);
	const result = parseCharacteristic(characteristic, view);
	return { exitCode: result.ok ? 0 : 1, output: JSON.stringify(result, null, JSON_INDENT) };
}
