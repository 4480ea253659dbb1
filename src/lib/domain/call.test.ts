import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CallSignalSchema, classifyCallQuality, intervalLoss, MAX_SDP_CHARS, parseIceServers } from './call.ts';

const FROM = 'peer-0123456789';

describe('CallSignalSchema', () => {
	it('accepts an offer, an answer, a candidate, a hang-up and audio-only', () => {
		const messages = [
			{ kind: 'description', from: FROM, description: { type: 'offer', sdp: 'v=0\r\n' } },
			{ kind: 'description', from: FROM, description: { type: 'answer', sdp: 'v=0\r\n' } },
			{ kind: 'candidate', from: FROM, candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 54321 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' } },
			{ kind: 'hangup', from: FROM },
			{ kind: 'media', from: FROM, audioOnly: true }
		];
		for (const message of messages) expect(v.safeParse(CallSignalSchema, message).success).toBe(true);
	});

	it('refuses unknown kinds, extra fields, a rollback, a bad peer id and an oversized SDP', () => {
		const messages = [
			{ kind: 'ring', from: FROM },
			{ kind: 'hangup', from: FROM, note: 'x' },
			{ kind: 'description', from: FROM, description: { type: 'rollback', sdp: '' } },
			{ kind: 'hangup', from: 'x' },
			{ kind: 'hangup', from: '<script>alert(1)</script>' },
			{ kind: 'description', from: FROM, description: { type: 'offer', sdp: 'a'.repeat(MAX_SDP_CHARS + 1) } },
			{ kind: 'candidate', from: FROM, candidate: { candidate: 'c', sdpMLineIndex: -1 } }
		];
		for (const message of messages) expect(v.safeParse(CallSignalSchema, message).success, JSON.stringify(message).slice(0, 80)).toBe(false);
	});
});

describe('parseIceServers', () => {
	it('is empty when unset or blank', () => {
		expect(parseIceServers(undefined)).toEqual({ ok: true, servers: [] });
		expect(parseIceServers('  ')).toEqual({ ok: true, servers: [] });
	});

	it('reads STUN and TURN servers with credentials', () => {
		const raw = JSON.stringify([{ urls: 'stun:turn.example.org:3478' }, { urls: ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349'], username: 'fieldcare', credential: 'secret' }]);
		const parsed = parseIceServers(raw);
		expect(parsed.ok && parsed.servers).toHaveLength(2);
	});

	it('refuses what is no list of ICE servers', () => {
		for (const raw of ['{', '{"urls":"stun:x"}', '[{"urls":"http://x"}]', '[{"urls":[]}]', '[{"url":"stun:x"}]']) expect(parseIceServers(raw).ok, raw).toBe(false);
	});
});

describe('classifyCallQuality', () => {
	it('is unknown before anything was measured', () => {
		expect(classifyCallQuality({})).toBe('unbekannt');
	});

	it('is gut on loopback', () => {
		expect(classifyCallQuality({ rttMs: 1, loss: 0 })).toBe('gut');
	});

	it('is mittel with a slow or slightly lossy link', () => {
		expect(classifyCallQuality({ rttMs: 450, loss: 0 })).toBe('mittel');
		expect(classifyCallQuality({ rttMs: 50, loss: 0.05 })).toBe('mittel');
	});

	it('is schlecht with a very slow or very lossy link', () => {
		expect(classifyCallQuality({ rttMs: 900, loss: 0 })).toBe('schlecht');
		expect(classifyCallQuality({ rttMs: 50, loss: 0.2 })).toBe('schlecht');
	});

	it('takes the limits as inclusive', () => {
		expect(classifyCallQuality({ rttMs: 300, loss: 0.02 })).toBe('gut');
		expect(classifyCallQuality({ rttMs: 800, loss: 0.1 })).toBe('mittel');
	});
});

describe('intervalLoss', () => {
	const counters = (packetsReceived: number, packetsLost: number) => ({ bytesSent: 0, bytesReceived: 0, packetsReceived, packetsLost });

	it('is the share lost between two readings', () => {
		expect(intervalLoss(counters(100, 0), counters(190, 10))).toBeCloseTo(0.1);
	});

	it('counts from zero on the first reading', () => {
		expect(intervalLoss(undefined, counters(99, 1))).toBeCloseTo(0.01);
	});

	it('is unknown when nothing arrived or was expected', () => {
		expect(intervalLoss(counters(100, 0), counters(100, 0))).toBeUndefined();
	});

	it('never goes below none lost when late packets lower the count', () => {
		expect(intervalLoss(counters(100, 5), counters(200, 3))).toBe(0);
	});
});
