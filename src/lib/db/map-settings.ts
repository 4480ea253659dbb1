// The map services this device was told at its last sign-in, kept for offline use.
import * as v from 'valibot';
import { MapServicesSchema, PUBLIC_OSM_SERVICES, type MapServices } from '../domain/index.ts';
import { getSetting, setSetting } from './device-store.ts';

const MAP_SERVICES = 'mapServices';

/** Stores what the server said if it is well-formed; anything else leaves the last good value. */
export async function saveMapServices(raw: unknown): Promise<void> {
	const parsed = v.safeParse(MapServicesSchema, raw);
	if (parsed.success) await setSetting(MAP_SERVICES, parsed.output);
}

export async function loadMapServices(): Promise<MapServices> {
	const stored = v.safeParse(MapServicesSchema, await getSetting(MAP_SERVICES));
	return stored.success ? stored.output : PUBLIC_OSM_SERVICES;
}
