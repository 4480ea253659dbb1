// Ids of observation sets and of the observations they hold. A set is `observationSet:<subject
// key>:<ulid>`; its members are `observation:<subject key>:<ulid>:<index>`, derived from the set's id,
// so alarms, consults and corrections name one value, and no two members of the database share an id.

/** Values one set holds at most: a round of a visit is 4–8, a multi-parameter monitor's reading a few more. */
export const MAX_SET_MEMBERS = 50;

const SET_PREFIX = 'observationSet:';
const MEMBER_PREFIX = 'observation:';

/** The key of a subject id (`patient:<key>`, `mission:<key>`), which observation and set ids embed. */
export function subjectKeyOf(subjectId: string): string {
	return subjectId.slice(subjectId.indexOf(':') + 1);
}

/** The id of a set's member `index`. */
export function setMemberId(setId: string, index: number): string {
	return `${MEMBER_PREFIX}${setId.slice(SET_PREFIX.length)}:${index}`;
}

/** `observation:<key>:<ulid>:<index>`: the form only members of a set have. */
export function isSetMemberId(id: string): boolean {
	return /^observation:[^:]+:[^:]+:\d+$/.test(id);
}

/** The set a member id belongs to, or undefined for an observation stored on its own. */
export function setIdOfMember(id: string): string | undefined {
	if (!isSetMemberId(id)) return undefined;
	return SET_PREFIX + id.slice(MEMBER_PREFIX.length, id.lastIndexOf(':'));
}

/** A set's id carries its subject's key: one subject's sets are one key range, as its observations are. */
export function setKeyMatchesSubject(setId: string, subjectId: string): boolean {
	const key = subjectKeyOf(subjectId);
	return key !== '' && setId.startsWith(`${SET_PREFIX}${key}:`) && !setId.slice(SET_PREFIX.length + key.length + 1).includes(':');
}
