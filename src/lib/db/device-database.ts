/** The name of the device database (device-store.ts); known to the app shell without loading Dexie. */
export const DEVICE_DATABASE = 'fieldcare-device';
