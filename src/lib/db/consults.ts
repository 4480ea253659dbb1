// Consults on the field device: the request the nurse or crew writes, the physician's orders and
// the field user's answers as they replicate in. Orders and answers of a consult share its key
// (`order:<consult key>:<ulid>`), so each consult's are one key range.
import { compareCodeUnits, consultRange, typeRange, type Consult, type ConsultDocuments, type Order, type OrderResponse } from '../domain/index.ts';
import { putValidated } from './document-update.ts';
import type { LocalDatabase } from './local-databases.ts';
import { validDocuments } from './valid-documents.ts';

export async function saveConsultRequest(db: LocalDatabase, consult: Consult): Promise<Consult> {
	return (await putValidated(db, consult)) as Consult;
}

export async function saveOrderResponse(db: LocalDatabase, response: OrderResponse): Promise<OrderResponse> {
	return (await putValidated(db, response)) as OrderResponse;
}

/** The consults asked on this visit, mission or patient, with their orders and answers. */
export async function consultsOn(db: LocalDatabase, on: { visitId?: string; missionId?: string; patientId?: string }): Promise<ConsultDocuments & { consults: Consult[] }> {
	const all = validDocuments<Consult>((await db.allDocs({ ...typeRange('consult'), include_docs: true })).rows);
	const consults = all.filter((c) =>
		on.visitId !== undefined ? c.visitId === on.visitId : on.missionId !== undefined ? c.missionId === on.missionId : on.patientId !== undefined && c.patientId === on.patientId
	);
	const [orders, responses] = await Promise.all([
		Promise.all(consults.map((c) => db.allDocs({ ...consultRange('order', c._id), include_docs: true }).then((r) => validDocuments<Order>(r.rows)))),
		Promise.all(consults.map((c) => db.allDocs({ ...consultRange('orderResponse', c._id), include_docs: true }).then((r) => validDocuments<OrderResponse>(r.rows))))
	]);
	consults.sort((a, b) => compareCodeUnits(a.requestedAt, b.requestedAt) || (a._id < b._id ? -1 : 1));
	return { consults, orders: orders.flat(), responses: responses.flat() };
}

/** Every consult of the database with its orders and answers (the crew's screen finds its mission's). */
export async function allConsultDocuments(db: LocalDatabase): Promise<ConsultDocuments> {
	const read = async <T extends Consult | Order | OrderResponse>(type: 'consult' | 'order' | 'orderResponse') => validDocuments<T>((await db.allDocs({ ...typeRange(type), include_docs: true })).rows);
	const [consults, orders, responses] = await Promise.all([read<Consult>('consult'), read<Order>('order'), read<OrderResponse>('orderResponse')]);
	return { consults, orders, responses };
}
