// Asking a physician in and answering their orders, from a visit, a patient or a mission: the
// request takes the device's time and the latest vitals now; both are written to the team database
// and go out with the next sync (an offline request waits on the device).
import { newKey, observationsOf, saveConsultRequest, saveOrderResponse } from '../db/index.ts';
import { buildConsultRequest, buildOrderResponse, type Consult, type ConsultUrgency, type Order, type OrderAnswerInput, type OrderResponse } from '../domain/index.ts';
import { session } from './session.svelte.ts';

/** What the consult is asked on: a visit (with its patient), a patient, or a mission. */
export interface ConsultSubject {
	database: string;
	patientId?: string;
	visitId?: string;
	missionId?: string;
}

export async function requestConsult(subject: ConsultSubject, reason: string, urgency: ConsultUrgency): Promise<Consult> {
	const dbs = session.databases;
	if (!dbs) throw new Error('not signed in');
	const db = dbs.get(subject.database);
	const author = session.author();
	const subjectId = subject.missionId ?? subject.patientId;
	const observations = subjectId ? await observationsOf(db, subjectId) : [];
	const consult = buildConsultRequest({
		key: newKey(author.now),
		reason,
		urgency,
		patientId: subject.patientId,
		visitId: subject.visitId,
		missionId: subject.missionId,
		observations: subject.missionId ? observations.filter((o) => o.missionId === subject.missionId) : observations,
		createdBy: author.username,
		deviceId: author.deviceId,
		now: author.now
	});
	return saveConsultRequest(db, consult);
}

export function answerOrder(database: string, order: Order, answer: OrderAnswerInput): Promise<OrderResponse> {
	const dbs = session.databases;
	if (!dbs) throw new Error('not signed in');
	const author = session.author();
	return saveOrderResponse(dbs.get(database), buildOrderResponse(order, answer, { createdBy: author.username, deviceId: author.deviceId, now: author.now, key: newKey(author.now) }));
}
