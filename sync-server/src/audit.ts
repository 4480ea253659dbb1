// The audit trail: an append-only log in a database of its own (never under /db/, no API edits or
// deletes it) of sign-ins, admin actions and who read or wrote which patient's or mission's
// documents. Recording never blocks a response: entries queue in memory and are written in batches.
// Entries hold names, addresses, devices, ids and document types — never clinical content.
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import {
	auditSubjectsOf,
	normaliseTypedUsername,
	typeOfId,
	ulid,
	type AccessAction,
	type AccessEvent,
	type AdminAction,
	type AuditAdminRow,
	type AuditSignInRow,
	type AuditSubjectRow,
	type UserProfile
} from '../../src/lib/domain/index.ts';
import { CouchError } from './errors.ts';
import type { Database, Storage } from './storage.ts';

export const AUDIT_DB = 'fieldcare-audit';
/** The app names its installation in this header (a random id it keeps, see lib/db deviceId). */
export const DEVICE_HEADER = 'x-fieldcare-device';
const DEVICE_ID = /^[A-Za-z0-9._:-]{1,64}$/;
/** Queued entries are written at the latest after this long … */
const FLUSH_INTERVAL_MS = 500;
/** … or as soon as this many documents wait. */
const FLUSH_AT_DOCS = 1000;
/** Documents per storage call. */
const WRITE_BATCH_DOCS = 2000;
/** If storage refuses for long, the oldest queued entries are dropped beyond this (and the loss is logged). */
const MAX_QUEUED_DOCS = 200_000;
/** An entry keeps this many document ids of a response; the count says how many there were. */
const MAX_IDS_PER_ENTRY = 100;
/** Subjects listed in one entry; every subject is indexed regardless, so the view misses none. */
const MAX_SUBJECTS_PER_ENTRY = 200;
const MAX_TEXT = 120;
/** Index documents read per step when listing a subject's entries. */
const INDEX_PAGE_DOCS = 50;

type Group = 'sign-in' | 'admin' | 'access';
export type ReadVia = '_changes' | '_bulk_get' | '_all_docs' | 'get' | 'attachment' | 'live' | 'consult' | 'history';
export type WriteVia = '_bulk_docs' | 'put' | 'delete' | 'attachment' | 'consult';

interface Actor {
	user: string;
	role?: string;
	address?: string;
	device?: string;
}
interface EntryDoc extends Actor {
	_id: string;
	at: string;
}
interface SignInDoc extends EntryDoc {
	outcome: AuditSignInRow['outcome'];
}
interface AdminDoc extends EntryDoc {
	action: AdminAction;
	target?: string;
	details?: AuditAdminRow['details'];
}
interface AccessDoc extends EntryDoc {
	action: AccessAction;
	via: string;
	database?: string;
	ids: string[];
	idCount: number;
	subjects: string[];
	subjectCount: number;
	docTypes: string[];
	deviceAt?: string;
}
/** One entry of a subject's: which entry, and the types and count of the subject's documents in it. */
interface SubjectRef {
	entry: string;
	docTypes: string[];
	docCount: number;
}
/** A reference as queued, one per entry and subject. */
interface QueuedRef extends SubjectRef {
	_id: string;
	subject: string;
}
/**
 * `subject:<subject id>:<ulid>`: a subject's entries in one key range. The references queued
 * together are stored as one document per subject, so that a replication touching the same 40
 * patients in every batch adds 40 index documents per write, not 40 per response.
 */
interface SubjectIndexDoc {
	_id: string;
	subject: string;
	refs: SubjectRef[];
}
type AuditDoc = SignInDoc | AdminDoc | AccessDoc | QueuedRef | { _id: string; entry: string };
/** References per index document, so that a hot subject's documents stay small. */
const MAX_REFS_PER_INDEX_DOC = 500;

function isQueuedRef(doc: AuditDoc): doc is QueuedRef {
	return 'subject' in doc;
}

/** The documents to store: entries as they are, the references grouped per subject (in the order queued). */
export function coalesceIndex(docs: readonly AuditDoc[]): (Exclude<AuditDoc, QueuedRef> | SubjectIndexDoc)[] {
	const stored: (Exclude<AuditDoc, QueuedRef> | SubjectIndexDoc)[] = [];
	const bySubject = new Map<string, SubjectIndexDoc>();
	for (const doc of docs) {
		if (!isQueuedRef(doc)) {
			stored.push(doc);
			continue;
		}
		let index = bySubject.get(doc.subject);
		if (!index || index.refs.length >= MAX_REFS_PER_INDEX_DOC) {
			// The first reference's id names the document: unique, and sorted by time like the entries.
			index = { _id: doc._id, subject: doc.subject, refs: [] };
			bySubject.set(doc.subject, index);
			stored.push(index);
		}
		index.refs.push({ entry: doc.entry, docTypes: doc.docTypes, docCount: doc.docCount });
	}
	return stored;
}

export interface AuditLogger {
	error(details: object, message: string): void;
}

/** The documents a read response carries, by the shape of that response. */
export function docsOfResponse(via: ReadVia, result: unknown): unknown[] {
	const body = result as { results?: { doc?: unknown; docs?: { ok?: unknown }[] }[]; rows?: { doc?: unknown }[] } | undefined;
	switch (via) {
		case '_changes':
			return (body?.results ?? []).map((change) => change.doc);
		case '_bulk_get':
			return (body?.results ?? []).flatMap((entry) => (entry.docs ?? []).map((doc) => doc.ok));
		case '_all_docs':
			return (body?.rows ?? []).map((row) => row.doc);
		case 'get':
			return Array.isArray(result) ? result.map((entry: { ok?: unknown }) => entry?.ok) : [result];
		case 'attachment':
			return [result];
		case 'live':
		case 'consult':
		case 'history':
			return Array.isArray(result) ? result : [];
	}
}

interface Summary {
	ids: string[];
	types: Set<string>;
	bySubject: Map<string, { types: Set<string>; count: number }>;
}

/** Ids, types and subjects of documents (checkpoints and design documents are no one's record). */
export function summariseDocs(docs: readonly unknown[]): Summary {
	const summary: Summary = { ids: [], types: new Set(), bySubject: new Map() };
	for (const doc of docs) {
		if (typeof doc !== 'object' || doc === null) continue;
		const id = (doc as { _id?: unknown })._id;
		if (typeof id !== 'string' || id.startsWith('_')) continue;
		summary.ids.push(id);
		const type = typeOfId(id) ?? 'other';
		summary.types.add(type);
		for (const subject of auditSubjectsOf(doc)) {
			const entry = summary.bySubject.get(subject) ?? { types: new Set<string>(), count: 0 };
			entry.types.add(type);
			entry.count++;
			summary.bySubject.set(subject, entry);
		}
	}
	return summary;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The ULID right after `key` (ulid/spec "monotonicity": the random part plus one). */
export function nextUlid(key: string): string {
	const chars = key.split('');
	for (let i = chars.length - 1; i >= 0; i--) {
		const digit = CROCKFORD.indexOf(chars[i]);
		if (digit < CROCKFORD.length - 1) {
			chars[i] = CROCKFORD[digit + 1];
			return chars.join('');
		}
		chars[i] = CROCKFORD[0];
	}
	throw new Error('ULID space exhausted');
}

function bounded(text: string | undefined): string | undefined {
	return text === undefined ? undefined : text.replace(/\p{Cc}/gu, '').slice(0, MAX_TEXT);
}

export function deviceOf(request: FastifyRequest): string | undefined {
	const header = request.headers[DEVICE_HEADER];
	return typeof header === 'string' && DEVICE_ID.test(header) ? header : undefined;
}

function actorOf(request: FastifyRequest, user = request.user): Actor | undefined {
	if (!user) return undefined;
	return { user: user.username, role: user.role, address: request.ip, device: deviceOf(request) };
}

function databaseOf(request: FastifyRequest): string | undefined {
	const db = (request.params as { db?: unknown } | undefined)?.db;
	return typeof db === 'string' ? bounded(db) : undefined;
}

/** What a server admin (a gateway keeping its trail here, see COUCHDB_URL) may do with the trail under /db: read and add. */
const AUDIT_DB_ROUTES = new Set([
	'GET /db/:db',
	'PUT /db/:db',
	'PUT /db/:db/_security',
	'POST /db/:db/_ensure_full_commit',
	'GET /db/:db/_all_docs',
	'POST /db/:db/_all_docs',
	'POST /db/:db/_bulk_get',
	'GET /db/:db/_changes',
	'POST /db/:db/_changes',
	'POST /db/:db/_revs_diff',
	'GET /db/:db/:docid',
	'POST /db/:db/_bulk_docs',
	'PUT /db/:db/:docid'
]);

/** A document that adds to the trail: no revision of an existing one, no deletion. */
function addsOnly(doc: unknown): boolean {
	return typeof doc === 'object' && doc !== null && !('_rev' in doc) && !('_deleted' in doc) && !('_revisions' in doc) && !('_attachments' in doc);
}

/**
 * preHandler: the trail's database is append-only under /db as well. Users never reach it (only
 * team databases are theirs); a server admin may read it and add new entries, never change or
 * delete one.
 */
export async function auditDatabaseGuard(request: FastifyRequest): Promise<void> {
	if ((request.params as { db?: unknown } | undefined)?.db !== AUDIT_DB) return;
	const route = `${request.method} ${request.routeOptions.url ?? ''}`;
	const query = request.query as Record<string, unknown> | undefined;
	const body = request.body as { docs?: unknown; new_edits?: unknown } | undefined;
	const allowed =
		AUDIT_DB_ROUTES.has(route) &&
		query?.new_edits !== 'false' &&
		query?.rev === undefined &&
		(route !== 'POST /db/:db/_bulk_docs' || (body?.new_edits !== false && Array.isArray(body?.docs) && body.docs.every(addsOnly))) &&
		(route !== 'PUT /db/:db/:docid' || addsOnly(body));
	if (!allowed) throw new CouchError('forbidden', 'The audit trail is append-only.');
}

/** A deletion as clients send it: `_deleted` and revision fields, none that name its subject. */
function isBareTombstone(doc: unknown): doc is { _id: string; _rev?: string; _revisions?: { start?: unknown; ids?: unknown } } {
	return typeof doc === 'object' && doc !== null && (doc as { _deleted?: unknown })._deleted === true && typeof (doc as { _id?: unknown })._id === 'string' && auditSubjectsOf(doc).length === 0;
}

/** The revision a deletion ends: its parent, from `_revisions` (new_edits=false) or `_rev` (an edit). */
export function parentRevision(doc: { _rev?: string; _revisions?: { start?: unknown; ids?: unknown } }): string | undefined {
	const { start, ids } = doc._revisions ?? {};
	if (typeof start === 'number' && Array.isArray(ids)) return start > 1 && typeof ids[1] === 'string' ? `${start - 1}-${ids[1]}` : undefined;
	return doc._rev;
}

interface Stamp {
	key: string;
	at: string;
}

export class AuditLog {
	readonly #storage: Storage;
	readonly #db: Database;
	readonly #now: () => number;
	readonly #log: AuditLogger;
	#queue: AuditDoc[] = [];
	#timer: NodeJS.Timeout | undefined;
	#flushing: Promise<void> = Promise.resolve();
	#closed = false;
	#lastKey = '';
	/** Deletions whose subjects are being looked up: a flush waits for them. */
	readonly #lookups = new Set<Promise<void>>();

	private constructor(storage: Storage, now: () => number, log: AuditLogger) {
		this.#storage = storage;
		this.#db = storage.database(AUDIT_DB);
		this.#now = now;
		this.#log = log;
	}

	static async open(storage: Storage, options: { now?: () => number; log: AuditLogger }): Promise<AuditLog> {
		await storage.ensureDatabase(AUDIT_DB, '_admin');
		return new AuditLog(storage, options.now ?? Date.now, options.log);
	}

	// Recording (synchronous: a response never waits for the trail)

	signedIn(request: FastifyRequest, user: UserProfile): void {
		const actor = actorOf(request, user);
		if (actor) this.#signIn(actor, 'signed-in');
	}

	/** A failed (wrong name or password) or refused (rate-limited) sign-in, under the name as typed. */
	signInFailed(request: FastifyRequest, typedName: string, outcome: 'failed' | 'refused'): void {
		this.#signIn({ user: normaliseTypedUsername(typedName), address: request.ip, device: deviceOf(request) }, outcome);
	}

	signedOut(request: FastifyRequest): void {
		const actor = actorOf(request);
		if (actor) this.#signIn(actor, 'signed-out');
	}

	/** An admin action, by the signed-in user of the request (or an operator at the command line). */
	adminAction(by: FastifyRequest | Actor, action: AdminAction, target?: string, details?: AdminDoc['details']): void {
		const actor = 'headers' in by ? actorOf(by) : by;
		if (!actor) return;
		this.#enqueue([{ _id: this.#id('admin'), at: this.#at(), ...actor, action, target: bounded(target), ...(details ? { details } : {}) }]);
	}

	/** Documents delivered to a signed-in user; returns the response unchanged (one line in a handler). */
	delivered<T>(request: FastifyRequest, via: ReadVia, result: T): T {
		const actor = actorOf(request);
		if (actor) this.#access(actor, 'read', via, databaseOf(request), summariseDocs(docsOfResponse(via, result)));
		return result;
	}

	/** Documents a long-lived stream delivered from one database (see StreamReads). */
	deliveredFrom(request: FastifyRequest, via: ReadVia, database: string, docs: readonly unknown[]): void {
		const actor = actorOf(request);
		if (actor) this.#access(actor, 'read', via, bounded(database), summariseDocs(docs));
	}

	/** Documents the server wrote into one database for a signed-in user (a physician's consult endpoints). */
	storedIn(request: FastifyRequest, via: WriteVia, database: string, docs: readonly unknown[]): void {
		const actor = actorOf(request);
		if (actor) this.#access(actor, 'written', via, bounded(database), summariseDocs(docs));
	}

	/** Documents stored for a signed-in user; with `results`, only those stored without an error. */
	stored(request: FastifyRequest, via: WriteVia, docs: readonly unknown[], results?: readonly unknown[]): void {
		const actor = actorOf(request);
		if (!actor) return;
		const ok = results ? docs.filter((_, i) => !(typeof results[i] === 'object' && results[i] !== null && 'error' in results[i])) : docs;
		const database = databaseOf(request);
		if (!database || !ok.some(isBareTombstone)) return this.#access(actor, 'written', via, database, summariseDocs(ok));
		// A deletion names its subject only in the revision it ends: looked up after the answer.
		const stamp = this.#stamp();
		const lookup = this.#withEndedRevisions(database, ok).then((withSubjects) => {
			const summary = summariseDocs(withSubjects);
			if (summary.ids.length) this.#enqueue(this.#accessDocs(actor, 'written', via, database, summary, {}, stamp));
		});
		this.#lookups.add(lookup);
		void lookup.finally(() => this.#lookups.delete(lookup));
	}

	/** Tombstones with the fields of the revision they end that name a subject (patientId, missionId). */
	async #withEndedRevisions(database: string, docs: readonly unknown[]): Promise<unknown[]> {
		const db = this.#storage.database(database);
		return Promise.all(
			docs.map(async (doc) => {
				if (!isBareTombstone(doc)) return doc;
				const rev = parentRevision(doc);
				if (!rev) return doc;
				const ended = (await db.get(doc._id, { rev }).catch(() => undefined)) as { patientId?: unknown; missionId?: unknown } | undefined;
				return ended ? { _id: doc._id, _deleted: true, patientId: ended.patientId, missionId: ended.missionId } : doc;
			})
		);
	}

	/** The admin looked at a subject's trail: the subject's own list shows that too. */
	auditViewed(request: FastifyRequest, subject: string): void {
		const actor = actorOf(request);
		if (!actor) return;
		const summary: Summary = { ids: [], types: new Set(), bySubject: new Map([[subject, { types: new Set<string>(), count: 0 }]]) };
		this.#access(actor, 'audit-viewed', 'audit', undefined, summary, { force: true });
		this.adminAction(request, 'audit-listed', subject);
	}

	/**
	 * Records opened on the device, uploaded later: stamped with the signed-in user and the time of
	 * arrival, the device's time kept. Written before the answer, so that the app may forget them;
	 * an event uploaded twice is stored once.
	 */
	async opened(request: FastifyRequest, events: readonly AccessEvent[]): Promise<number> {
		const actor = actorOf(request);
		if (!actor || events.length === 0) return 0;
		const markers = events.map((event) => `upload:${actor.user}:${event.id}`);
		const known = await this.#db.allDocs({ keys: markers });
		const fresh = events.filter((_, i) => 'error' in known.rows[i] || (known.rows[i] as { value?: { deleted?: boolean } }).value?.deleted);
		const docs: AuditDoc[] = [];
		for (const event of fresh) {
			const entry = this.#accessDocs(actor, 'opened', 'app', event.database, {
				ids: [],
				types: new Set(),
				bySubject: new Map([[event.subject, { types: new Set([typeOfId(event.subject) ?? 'other']), count: 1 }]])
			}, { deviceAt: event.at });
			docs.push(...entry, { _id: `upload:${actor.user}:${event.id}`, entry: entry[0]._id });
		}
		if (docs.length) await this.#db.bulkDocs(coalesceIndex(docs) as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
		return fresh.length;
	}

	// Reading (the data-protection view)

	/** A subject's entries, newest first. */
	async entriesOf(subject: string, limit: number): Promise<AuditSubjectRow[]> {
		await this.flush();
		const refs = await this.#refsOf(subject, limit);
		if (refs.length === 0) return [];
		const entries = await this.#db.allDocs({ keys: refs.map((ref) => ref.entry), include_docs: true });
		return refs.flatMap((ref, i) => {
			const doc = (entries.rows[i] as { doc?: AccessDoc }).doc;
			if (!doc) return [];
			return [{
				at: doc.at,
				action: doc.action,
				user: doc.user,
				role: doc.role,
				device: doc.device,
				via: doc.via,
				docTypes: ref.docTypes,
				docCount: ref.docCount,
				database: doc.database,
				deviceAt: doc.deviceAt
			}];
		});
	}

	/** The newest `limit` references to a subject's entries, newest first. */
	async #refsOf(subject: string, limit: number): Promise<SubjectRef[]> {
		const prefix = `subject:${subject}:`;
		const refs: SubjectRef[] = [];
		let startkey = `${prefix}\ufff0`;
		for (let skip = 0; ; skip = 1) {
			const page = await this.#db.allDocs({ startkey, endkey: prefix, descending: true, limit: INDEX_PAGE_DOCS, include_docs: true, skip });
			for (const row of page.rows) {
				const index = row.doc as unknown as SubjectIndexDoc;
				if (index.subject === subject) refs.push(...index.refs);
			}
			if (refs.length >= limit || page.rows.length < INDEX_PAGE_DOCS) break;
			startkey = page.rows[page.rows.length - 1].id;
		}
		return refs.sort((a, b) => (a.entry < b.entry ? 1 : a.entry > b.entry ? -1 : 0)).slice(0, limit);
	}

	async recentSignIns(limit: number): Promise<AuditSignInRow[]> {
		return (await this.#recent<SignInDoc>('sign-in', limit)).map(({ at, outcome, user, role, address, device }) => ({ at, outcome, user, role, address, device }));
	}

	async recentAdminActions(limit: number): Promise<AuditAdminRow[]> {
		return (await this.#recent<AdminDoc>('admin', limit)).map(({ at, action, user, target, details, address, device }) => ({ at, action, user, target, details, address, device }));
	}

	async #recent<T>(group: Group, limit: number): Promise<T[]> {
		await this.flush();
		const result = await this.#db.allDocs({ startkey: `${group}:\ufff0`, endkey: `${group}:`, descending: true, limit, include_docs: true });
		return result.rows.map((row) => row.doc as unknown as T);
	}

	// The queue

	/** Writes everything queued so far. */
	flush(): Promise<void> {
		this.#flushing = this.#flushing.then(async () => {
			await Promise.all(this.#lookups);
			await this.#writeQueued();
		});
		return this.#flushing;
	}

	async close(): Promise<void> {
		await Promise.all(this.#lookups);
		this.#closed = true;
		clearTimeout(this.#timer);
		this.#timer = undefined;
		await this.flush();
	}

	async #writeQueued(): Promise<void> {
		clearTimeout(this.#timer);
		this.#timer = undefined;
		while (this.#queue.length > 0) {
			const batch = this.#queue.slice(0, WRITE_BATCH_DOCS);
			try {
				await this.#db.bulkDocs(coalesceIndex(batch) as PouchDB.Core.PutDocument<Record<string, unknown>>[]);
				this.#queue = this.#queue.slice(batch.length);
			} catch (err) {
				// Kept for the next attempt; the class of the error only (see app.ts).
				this.#log.error({ err: { type: (err as Error).name } }, 'audit trail could not be written');
				if (!this.#closed) this.#schedule(FLUSH_INTERVAL_MS * 4);
				return;
			}
		}
	}

	#enqueue(docs: AuditDoc[]): void {
		if (this.#closed || docs.length === 0) return;
		this.#queue.push(...docs);
		if (this.#queue.length > MAX_QUEUED_DOCS) {
			const dropped = this.#queue.length - MAX_QUEUED_DOCS;
			this.#queue = this.#queue.slice(dropped);
			this.#log.error({ dropped }, 'audit trail queue full: oldest entries dropped');
		}
		if (this.#queue.length >= FLUSH_AT_DOCS) void this.flush();
		else this.#schedule(FLUSH_INTERVAL_MS);
	}

	#schedule(delayMs: number): void {
		if (this.#timer) return;
		this.#timer = setTimeout(() => void this.flush(), delayMs);
		this.#timer.unref();
	}

	#signIn(actor: Actor, outcome: SignInDoc['outcome']): void {
		this.#enqueue([{ _id: this.#id('sign-in'), at: this.#at(), ...actor, outcome }]);
	}

	#access(actor: Actor, action: AccessAction, via: string, database: string | undefined, summary: Summary, options: { force?: boolean } = {}): void {
		if (summary.ids.length === 0 && !options.force) return;
		this.#enqueue(this.#accessDocs(actor, action, via, database, summary));
	}

	/** The entry and one index document per subject. */
	#accessDocs(actor: Actor, action: AccessAction, via: string, database: string | undefined, summary: Summary, extra: { deviceAt?: string } = {}, { key, at }: Stamp = this.#stamp()): [AccessDoc, ...QueuedRef[]] {
		const subjects = [...summary.bySubject.keys()];
		const entry: AccessDoc = {
			_id: `access:${key}`,
			at,
			...actor,
			action,
			via,
			...(database ? { database } : {}),
			ids: summary.ids.slice(0, MAX_IDS_PER_ENTRY),
			idCount: summary.ids.length,
			subjects: subjects.slice(0, MAX_SUBJECTS_PER_ENTRY),
			subjectCount: subjects.length,
			docTypes: [...summary.types].sort(),
			...extra
		};
		const index = [...summary.bySubject].map(([subject, { types, count }]): QueuedRef => ({
			_id: `subject:${subject}:${key}`,
			subject,
			entry: entry._id,
			docTypes: [...types].sort(),
			docCount: count
		}));
		return [entry, ...index];
	}

	/** Monotonic ULIDs: entries list in the order they were recorded, also within one millisecond. */
	#key(): string {
		const key = ulid(this.#now(), (n) => new Uint8Array(randomBytes(n)));
		this.#lastKey = key > this.#lastKey ? key : nextUlid(this.#lastKey);
		return this.#lastKey;
	}

	#stamp(): Stamp {
		return { key: this.#key(), at: this.#at() };
	}

	#id(group: Group): string {
		return `${group}:${this.#key()}`;
	}

	#at(): string {
		return new Date(this.#now()).toISOString();
	}
}

declare module 'fastify' {
	interface FastifyInstance {
		audit: AuditLog;
	}
}

/** How often a long-lived stream's reads become an entry: a console gets many changes a minute. */
export const STREAM_READS_INTERVAL_MS = 30_000;

/**
 * Reads of a long-lived stream (a live `_changes` feed with documents, the console's /api/live):
 * one entry per database and interval, and a last one when the stream ends, not one per change.
 */
export class StreamReads {
	readonly #audit: AuditLog;
	readonly #request: FastifyRequest;
	readonly #via: ReadVia;
	readonly #pending = new Map<string, unknown[]>();
	readonly #timer: NodeJS.Timeout;

	constructor(audit: AuditLog, request: FastifyRequest, via: ReadVia, intervalMs = STREAM_READS_INTERVAL_MS) {
		this.#audit = audit;
		this.#request = request;
		this.#via = via;
		this.#timer = setInterval(() => this.flush(), intervalMs);
		this.#timer.unref();
	}

	add(database: string, doc: unknown): void {
		if (doc === undefined) return;
		const docs = this.#pending.get(database);
		if (docs) docs.push(doc);
		else this.#pending.set(database, [doc]);
	}

	flush(): void {
		for (const [database, docs] of this.#pending) this.#audit.deliveredFrom(this.#request, this.#via, database, docs);
		this.#pending.clear();
	}

	end(): void {
		clearInterval(this.#timer);
		this.flush();
	}
}
