// A remote team database whose replication batches bring their small attachments along.
// PouchDB's replicator reads a batch with `_bulk_get` (attachments as stubs), then fetches every
// attachment of every new document with a request of its own: in a nurse's first sync, a
// signature per finished visit, hundreds of round trips that took 7.5 of 24.6 s (issue 12). Here
// the batch's small attachments come in a few `_bulk_get?attachments=true` requests and the
// replicator's `getAttachment` calls are answered from them. Large ones (wound photos) are still
// fetched one by one, so that no answer holds more than a bounded number of bytes.

type Db = PouchDB.Database<Record<string, unknown>>;
type Stub = { length?: number; data?: unknown };
type BulkGetEntry = { ok?: { _id: string; _rev: string; _attachments?: Record<string, Stub> } };

/** Attachments up to this size come with their batch (a signature is a few kB). */
export const INLINE_ATTACHMENT_MAX_BYTES = 256 * 1024;
/** Attachment bytes asked for in one request (base64 in JSON: a third more on the wire). */
export const INLINE_REQUEST_MAX_BYTES = 4 * 1024 * 1024;

const keyOf = (id: string, name: string) => `${id}\u0000${name}`;

/** The documents of a `_bulk_get` answer whose attachments are all small, in requests of bounded size. */
function inlineRequests(results: { docs: BulkGetEntry[] }[]): { id: string; rev: string }[][] {
	const requests: { id: string; rev: string }[][] = [];
	let current: { id: string; rev: string }[] = [];
	let bytes = 0;
	for (const { docs } of results) {
		for (const { ok: doc } of docs) {
			const stubs = Object.values(doc?._attachments ?? {});
			if (!doc || stubs.length === 0 || !stubs.every((stub) => typeof stub.length === 'number' && stub.length <= INLINE_ATTACHMENT_MAX_BYTES)) continue;
			const size = stubs.reduce((sum, stub) => sum + (stub.length as number), 0);
			if (current.length > 0 && bytes + size > INLINE_REQUEST_MAX_BYTES) {
				requests.push(current);
				current = [];
				bytes = 0;
			}
			current.push({ id: doc._id, rev: doc._rev });
			bytes += size;
		}
	}
	if (current.length > 0) requests.push(current);
	return requests;
}

/** `remote`, changed so that a replication pulling from it gets small attachments with each batch. */
export function withInlineAttachments(remote: Db): Db {
	const bulkGet = remote.bulkGet.bind(remote) as (options: PouchDB.Core.BulkGetOptions) => Promise<PouchDB.Core.BulkGetResponse<Record<string, unknown>>>;
	const getAttachment = remote.getAttachment.bind(remote) as (id: string, name: string, options: { rev?: string }) => Promise<unknown>;
	/** The attachments of the last batch not yet asked for, by document and name, one per revision: replaced by the next batch, so never more than one batch's. */
	let held = new Map<string, { rev: string; data: unknown }[]>();

	const batchGet = async (options: PouchDB.Core.BulkGetOptions) => {
		const result = await bulkGet(options);
		if (options.attachments) return result;
		held = new Map();
		try {
			for (const docs of inlineRequests(result.results as unknown as { docs: BulkGetEntry[] }[])) {
				const inline = await bulkGet({ docs, attachments: true, binary: true } as PouchDB.Core.BulkGetOptions);
				for (const { docs: entries } of inline.results as unknown as { docs: BulkGetEntry[] }[]) {
					for (const { ok: doc } of entries) {
						for (const [name, attachment] of Object.entries(doc?._attachments ?? {})) {
							if (!doc || attachment.data === undefined) continue;
							const key = keyOf(doc._id, name);
							held.set(key, [...(held.get(key) ?? []), { rev: doc._rev, data: attachment.data }]);
						}
					}
				}
			}
		} catch {
			// The replicator asks for each attachment itself, as without this (and fails there if it must).
		}
		return result;
	};
	// The replicator names the revision for a new document, and none for one the device holds
	// (then it means the batch's revision: taken when the batch has only one).
	const attachmentGet = (id: string, name: string, options: { rev?: string } = {}) => {
		const key = keyOf(id, name);
		const revisions = held.get(key) ?? [];
		const found = options.rev === undefined ? (revisions.length === 1 ? revisions[0] : undefined) : revisions.find(({ rev }) => rev === options.rev);
		if (!found) return getAttachment(id, name, options);
		const rest = revisions.filter((entry) => entry !== found);
		if (rest.length > 0) held.set(key, rest);
		else held.delete(key);
		return Promise.resolve(found.data);
	};
	Object.assign(remote, { bulkGet: batchGet, getAttachment: attachmentGet });
	return remote;
}
