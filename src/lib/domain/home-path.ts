// Where each role starts in the app; a small module of its own, the app shell needs it before anything else.
import type { Role } from './account.ts';

/** The role's home page in the app. */
export function homePath(role: Role): string {
	switch (role) {
		case 'nurse':
			return '/heute';
		case 'paramedic':
			return '/einsatz';
		case 'dispatcher':
			return '/lage';
		case 'arzt':
			// The consult queue's screen comes with the physician's UI (issue 14).
			return '/konsile';
		case 'admin':
			return '/admin';
	}
}
