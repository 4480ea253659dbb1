// What a session needs once somebody is signed in or signs in: the device store, the team
// databases and their sync. Loaded on demand (state/session.svelte.ts), so that the sign-in form
// appears before the database code.
export { announceDevice, checkVerifier, deviceId, deviceStore, forgetRecentSeries, forgetUser, getSetting, LocalDatabases, makeVerifier, requestPersistentStorage, saveMapServices, setSetting } from '../db/index.ts';
export { syncStatus } from './sync-status.svelte.ts';
