import { describe, expect, it } from 'vitest';
import { appHref, backTarget, kindOf, shouldRecord } from './back-link.ts';

const VISIT = '/besuche/visit%3A2026-12-06%3Aanna-1';
const PATIENT = '/patienten/patient%3Ap001';

describe('kindOf', () => {
	it('names the app pages a back link can return to', () => {
		expect(kindOf('/heute')).toBe('tour');
		expect(kindOf(VISIT)).toBe('visit');
		expect(kindOf('/patienten')).toBe('patients');
		expect(kindOf(`${PATIENT}?visit=visit%3A1`)).toBe('patient');
		expect(kindOf(`${PATIENT}/verlauf`)).toBe('trends');
		expect(kindOf('/vitalwerte?patient=patient%3Ap001')).toBe('vitals');
		expect(kindOf('/einsatz')).toBe('missions');
		expect(kindOf('/einsatz/mission%3A1')).toBe('mission');
		expect(kindOf('/einsatz/mission%3A1/uebergabe')).toBe('handover');
		expect(kindOf('/lage')).toBe('situation');
		expect(kindOf('/planung/')).toBe('planning');
	});

	it('names no form, sign-in, settings or foreign address', () => {
		for (const href of ['/patienten/neu', `${PATIENT}/bearbeiten`, '/login', '/', '/einstellungen', 'https://example.org/heute', '//example.org/heute', 'heute']) expect(kindOf(href), href).toBeUndefined();
	});
});

describe('backTarget', () => {
	const toTour = { href: '/heute', name: undefined };

	it('goes back in history to a named page the person came from, naming it', () => {
		expect(backTarget({ href: VISIT, name: 'Müller' }, `${PATIENT}?visit=1`, { href: '/patienten' })).toEqual({ href: VISIT, kind: 'visit', name: 'Müller', viaHistory: true });
	});

	it('takes the page’s own name for its parent when it came from there', () => {
		expect(backTarget({ href: PATIENT }, '/vitalwerte?patient=p', { href: PATIENT, name: 'Erika Müller' })).toEqual({ href: PATIENT, kind: 'patient', name: 'Erika Müller', viaHistory: true });
	});

	it('follows the fixed link when nothing was remembered (opened directly, reloaded)', () => {
		expect(backTarget(undefined, VISIT, toTour)).toEqual({ href: '/heute', kind: 'tour', name: undefined, viaHistory: false });
	});

	it('follows the fixed link when the origin is no named page or is this page', () => {
		expect(backTarget({ href: '/patienten/neu' }, PATIENT, { href: '/patienten' })).toMatchObject({ href: '/patienten', kind: 'patients', viaHistory: false });
		expect(backTarget({ href: '/login' }, '/heute', toTour).viaHistory).toBe(false);
		expect(backTarget({ href: VISIT }, VISIT, toTour)).toMatchObject({ href: '/heute', viaHistory: false });
	});
});

describe('shouldRecord', () => {
	it('remembers links and gotos between different pages, not back/forward or the first load', () => {
		expect(shouldRecord('link', '/heute', VISIT)).toBe(true);
		expect(shouldRecord('goto', '/heute', VISIT)).toBe(true);
		expect(shouldRecord('popstate', PATIENT, VISIT)).toBe(false);
		expect(shouldRecord('enter', undefined, VISIT)).toBe(false);
		expect(shouldRecord('link', VISIT, VISIT)).toBe(false);
	});
});

describe('appHref', () => {
	it('keeps path and query, drops the origin and hash', () => {
		expect(appHref(new URL('http://localhost:5173/patienten/p1?visit=v1#x'))).toBe('/patienten/p1?visit=v1');
	});
});
