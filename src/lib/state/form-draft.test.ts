import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { deviceStore, forgetUser } from '../db/device-store.ts';
import { draftKey, FormDraft, hasDraft, unsavedDrafts } from './form-draft.svelte.ts';

type Note = { text: string; kind: string };
const EMPTY: Note = { text: '', kind: 'note' };
/** Long enough that nothing is written before `flush`, so every test decides when writes happen. */
const NEVER_MS = 60_000;

const stored = (recordId: string, username = 'pflege1', form = 'visit-note') => deviceStore.drafts.get(draftKey(form, recordId, username));

afterEach(async () => {
	for (const draft of unsavedDrafts()) await draft.discard();
	await deviceStore.drafts.clear();
});

describe('FormDraft', () => {
	it('opens clean with the saved values when no draft exists', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		expect(await draft.open('visit-1', 'pflege1', EMPTY)).toEqual(EMPTY);
		expect(draft.state).toBe('clean');
		expect(draft.unsaved).toBe(false);
	});

	it('writes what is typed only after the pause, then restores it in a new form', async () => {
		const first = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await first.open('visit-1', 'pflege1', EMPTY);
		first.change({ text: 'Wunde trocken', kind: 'note' });
		expect(first.state).toBe('draft');
		expect(await stored('visit-1')).toBeUndefined();
		await first.close();
		expect((await stored('visit-1'))?.value).toEqual({ text: 'Wunde trocken', kind: 'note' });

		const reopened = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		expect(await reopened.open('visit-1', 'pflege1', EMPTY)).toEqual({ text: 'Wunde trocken', kind: 'note' });
		expect(reopened.state).toBe('draft');
	});

	it('writes by itself after the pause', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: 1 });
		await draft.open('visit-1', 'pflege1', EMPTY);
		draft.change({ text: 'a', kind: 'note' });
		await expect.poll(async () => (await stored('visit-1'))?.value).toEqual({ text: 'a', kind: 'note' });
	});

	it('keeps one draft per form, record and user', async () => {
		const mine = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await mine.open('visit-1', 'pflege1', EMPTY);
		mine.change({ text: 'mine', kind: 'note' });
		await mine.flush();
		const otherUser = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		expect(await otherUser.open('visit-1', 'pflege2', EMPTY)).toEqual(EMPTY);
		const otherRecord = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		expect(await otherRecord.open('visit-2', 'pflege1', EMPTY)).toEqual(EMPTY);
		const otherForm = new FormDraft<Note>('mission-record', { delayMs: NEVER_MS });
		expect(await otherForm.open('visit-1', 'pflege1', EMPTY)).toEqual(EMPTY);
		expect(await hasDraft('visit-note', 'visit-1', 'pflege1')).toBe(true);
		expect(await hasDraft('visit-note', 'visit-1', 'pflege2')).toBe(false);
	});

	it('removes the draft when saved and reports "saved"', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await draft.open('visit-1', 'pflege1', EMPTY);
		draft.change({ text: 'x', kind: 'note' });
		await draft.flush();
		await draft.saved({ text: 'x', kind: 'note' });
		expect(draft.state).toBe('saved');
		expect(await stored('visit-1')).toBeUndefined();
		// The same values again are not a new draft; a new edit is.
		draft.change({ text: 'x', kind: 'note' });
		expect(draft.state).toBe('saved');
		draft.change({ text: 'xy', kind: 'note' });
		expect(draft.state).toBe('draft');
	});

	it('a pending write does not bring back a draft that was saved meanwhile', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: 1 });
		await draft.open('visit-1', 'pflege1', EMPTY);
		draft.change({ text: 'x', kind: 'note' });
		await draft.saved({ text: 'x', kind: 'note' });
		await new Promise((resolve) => setTimeout(resolve, 10));
		expect(await stored('visit-1')).toBeUndefined();
	});

	it('typing back to the saved values removes the draft', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await draft.open('visit-1', 'pflege1', EMPTY);
		draft.change({ text: 'x', kind: 'note' });
		await draft.flush();
		draft.change(EMPTY);
		await draft.flush();
		expect(draft.state).toBe('clean');
		expect(await stored('visit-1')).toBeUndefined();
	});

	it('a stored draft equal to the saved record opens clean', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await draft.open('visit-1', 'pflege1', EMPTY);
		draft.change({ text: 'synced', kind: 'note' });
		await draft.close();
		const reopened = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await reopened.open('visit-1', 'pflege1', { text: 'synced', kind: 'note' });
		expect(reopened.state).toBe('clean');
	});

	it('lists open forms with unsaved changes until they are closed', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		await draft.open('visit-1', 'pflege1', EMPTY);
		expect(unsavedDrafts()).not.toContain(draft);
		draft.change({ text: 'x', kind: 'note' });
		expect(unsavedDrafts()).toContain(draft);
		await draft.close();
		expect(unsavedDrafts()).not.toContain(draft);
	});

	it('ignores changes before the form is opened (the saved values are not known yet)', async () => {
		const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
		draft.change({ text: 'x', kind: 'note' });
		expect(draft.state).toBe('clean');
	});

	it('forgetting a user removes that user\'s drafts only', async () => {
		for (const username of ['pflege1', 'pflege2']) {
			const draft = new FormDraft<Note>('visit-note', { delayMs: NEVER_MS });
			await draft.open('visit-1', username, EMPTY);
			draft.change({ text: username, kind: 'note' });
			await draft.close();
		}
		await forgetUser('pflege1');
		expect(await stored('visit-1', 'pflege1')).toBeUndefined();
		expect((await stored('visit-1', 'pflege2'))?.value).toEqual({ text: 'pflege2', kind: 'note' });
	});
});
