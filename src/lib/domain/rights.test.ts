// The README's rights table is the one people read: it must say what WRITE_RIGHTS enforces.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from './account.ts';
import { mayWrite, mayWriteField, ownsDocument, WRITE_RIGHTS } from './rights.ts';

function readmeRows(): string[] {
	const readme = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');
	const table = readme.slice(readme.indexOf('<!-- rights-table:start -->'), readme.indexOf('<!-- rights-table:end -->'));
	return table.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| role') && !line.startsWith('|---'));
}

describe('WRITE_RIGHTS', () => {
	it('is the table the README shows', () => {
		const rows = ROLES.flatMap((role) =>
			Object.entries(WRITE_RIGHTS[role]).map(([type, rule]) => `| ${role} | ${type} | ${rule.actions.join(', ')} | ${rule.fields === 'all' ? ['all', ...(rule.except?.length ? ['except', rule.except.join(', ')] : [])].join(' ') : rule.fields.join(', ')} | ${rule.owner ?? '—'} |`)
		);
		expect(readmeRows()).toEqual(rows);
	});

	it('never lets anyone edit or delete an append-only document', () => {
		for (const role of ROLES) {
			for (const type of ['observation', 'observationSet', 'note', 'status', 'handover', 'alarm', 'order', 'orderResponse'] as const) {
				expect(mayWrite(role, type, 'update').ok).toBe(false);
				expect(mayWrite(role, type, 'delete').ok).toBe(false);
			}
		}
	});

	it('keeps clinical entries from dispatchers and the plan from nurses', () => {
		expect(mayWriteField('dispatcher', 'patient', 'allergies')).toBe(false);
		expect(mayWriteField('dispatcher', 'mission', 'care')).toBe(false);
		expect(mayWriteField('nurse', 'visit', 'date')).toBe(false);
		expect(mayWriteField('nurse', 'patient', 'allergies')).toBe(true);
		expect(mayWriteField('nurse', 'patient', 'visitSignatureRequired')).toBe(false);
		expect(mayWriteField('dispatcher', 'patient', 'visitSignatureRequired')).toBe(true);
		expect(ownsDocument({ username: 'rtw1', role: 'paramedic' }, 'mission', { unitId: 'rtw2' })).toBe(false);
		expect(ownsDocument({ username: 'pdl', role: 'dispatcher' }, 'mission', { unitId: 'rtw2' })).toBe(true);
	});
});
