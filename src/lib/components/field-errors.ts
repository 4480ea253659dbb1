// Errors at the field: a refused save becomes one message per input (marked `aria-invalid`,
// described by its message), the rest a notice; focus then moves to the first invalid input.
import { tick } from 'svelte';
import { SaveError } from '../db/index.ts';
import type { ValidationIssue } from '../domain/index.ts';
import { fieldMessages, issueMessage } from '../i18n/index.ts';

export interface FormErrors {
	/** Message per form field name. */
	fields: Record<string, string>;
	/** Messages of issues no input on the form shows. */
	other: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, other: [] };

/** The input's label as shown (without the "(optional)" hint): the error names the field the person sees. */
function labelText(inputId: string): string | undefined {
	if (typeof document === 'undefined') return undefined;
	const text = document.querySelector(`label[for="${CSS.escape(inputId)}"]`)?.textContent?.trim();
	return text ? text.replace(/\s*\([^)]*\)\s*$/, '') || text : undefined;
}

/**
 * The issues of a refused save, per field: `fieldOf` maps a document path to the form's field name,
 * `inputId` the field name to its input's id. Issues of fields without an input become `other`.
 */
export function formErrorsOf(issues: readonly ValidationIssue[], fieldOf: (path: string) => string, inputId: (field: string) => string): FormErrors {
	const hasInput = (field: string) => typeof document !== 'undefined' && document.getElementById(inputId(field)) !== null;
	const shown = issues.filter((issue) => hasInput(fieldOf(issue.path)));
	return {
		fields: fieldMessages(shown, fieldOf, (field) => labelText(inputId(field))),
		other: issues.filter((issue) => !shown.includes(issue)).map((issue) => issueMessage(issue))
	};
}

/** A thrown error's field errors, when it is a save the schema refused. */
export function formErrorsOfError(err: unknown, fieldOf: (path: string) => string, inputId: (field: string) => string): FormErrors | undefined {
	return err instanceof SaveError && err.failure === 'invalid' && err.issues.length > 0 ? formErrorsOf(err.issues, fieldOf, inputId) : undefined;
}

/** The last segment of a document path: `patient.age` → `age`, `care.abcde.a` → `a`. */
export function lastPathSegment(path: string): string {
	return path.split('.').filter((segment) => !/^\d+$/.test(segment)).pop() ?? path;
}

/** `aria-invalid` and `aria-describedby` of an input with `message` (its message element is `<id>-error`). */
export function errorAttributes(inputId: string, message: string | undefined): { 'aria-invalid'?: 'true'; 'aria-describedby'?: string } {
	return message ? { 'aria-invalid': 'true', 'aria-describedby': `${inputId}-error` } : {};
}

/** Once the messages are on screen, the first invalid input takes the focus (and is scrolled to). */
export async function focusFirstError(root?: ParentNode | null): Promise<void> {
	await tick();
	const first = (root ?? document).querySelector<HTMLElement>('[aria-invalid="true"]');
	first?.focus();
	first?.scrollIntoView?.({ block: 'center' });
}
