import { describe, expect, it } from 'vitest';
import { userAgentFamily } from './devices.ts';

describe('userAgentFamily', () => {
	it('names browser and system, nothing more', () => {
		expect(userAgentFamily('Mozilla/5.0 (Linux; Android 14; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36')).toBe('Chrome / Android');
		expect(userAgentFamily('Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1')).toBe('Safari / iOS');
		expect(userAgentFamily('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0')).toBe('Edge / Windows');
		expect(userAgentFamily('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0')).toBe('Firefox / Linux');
		expect(userAgentFamily(undefined)).toBe('Other / Other');
	});
});
