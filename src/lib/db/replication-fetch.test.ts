import { describe, expect, it } from 'vitest';
import { isParkedRequest } from './replication-fetch.ts';

describe('isParkedRequest', () => {
	it('is the live replication\'s wait for the next change', () => {
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/_changes?style=all_docs&feed=longpoll&heartbeat=10000&since=12&limit=2000')).toBe(true);
		expect(isParkedRequest('/db/team-a/_changes?feed=continuous')).toBe(true);
	});
	it('is no request that asks for data: catching up, reads, writes', () => {
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/_changes?style=all_docs&since=12&limit=2000')).toBe(false);
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/_changes?feed=normal')).toBe(false);
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/_bulk_get?revs=true')).toBe(false);
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/_local/abc')).toBe(false);
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/')).toBe(false);
	});
	it('looks at the path and the query, not at text anywhere in the address', () => {
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/visit-feed=longpoll')).toBe(false);
		expect(isParkedRequest('http://127.0.0.1:8080/db/team-a/_changes-x?feed=longpoll')).toBe(false);
	});
});
