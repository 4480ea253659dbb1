// npm run gatt -- 2A37 "10 48 00 04": prints what a device's bytes mean (see src/lib/ble/gatt-command.ts).
import { runGattCommand } from '../src/lib/ble/index.ts';

const { exitCode, output } = runGattCommand(process.argv.slice(2));
(exitCode === 2 ? process.stderr : process.stdout).write(`${output}\n`);
process.exitCode = exitCode;
