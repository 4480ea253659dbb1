// "Your tour was re-planned": a tour last written by someone else after the nurse last looked at it
// on this device (the "seen" marker is device-local: what she saw here, not on another phone).
import type { Tour } from '$lib/domain/index.ts';

export interface ReplannedNotice {
	by: string;
	at: string;
}

export function replannedByOther(tour: Pick<Tour, 'createdAt' | 'createdBy' | 'updatedAt' | 'updatedBy'>, me: string, seenAt: string | undefined): ReplannedNotice | undefined {
	const by = tour.updatedBy ?? tour.createdBy;
	const at = tour.updatedAt ?? tour.createdAt;
	if (by === me) return undefined;
	if (seenAt !== undefined && at <= seenAt) return undefined;
	return { by, at };
}

/** The device setting that remembers when she last acknowledged her tour's changes. */
export const seenSettingOf = (tourId: string) => `tourSeen:${tourId}`;
