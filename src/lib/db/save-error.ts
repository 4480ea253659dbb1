// Why a local write failed, in terms the UI can explain.
import type { ValidationIssue } from '../domain/index.ts';

export type SaveFailure = 'invalid' | 'quota' | 'conflict' | 'unknown';

export class SaveError extends Error {
	readonly failure: SaveFailure;
	readonly issues: ValidationIssue[];

	constructor(failure: SaveFailure, message: string, issues: ValidationIssue[] = []) {
		super(message);
		this.name = 'SaveError';
		this.failure = failure;
		this.issues = issues;
	}
}

/** IndexedDB reports a full disk as QuotaExceededError; PouchDB as a 409 on a stale `_rev`. */
export function storeError(err: unknown): SaveError {
	const { name, status, message } = (err ?? {}) as { name?: string; status?: number; message?: string };
	if (name === 'QuotaExceededError' || /quota/i.test(message ?? '')) return new SaveError('quota', message ?? 'quota exceeded');
	if (status === 409) return new SaveError('conflict', message ?? 'conflict');
	return new SaveError('unknown', message ?? String(err));
}
