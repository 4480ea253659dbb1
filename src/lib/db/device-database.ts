/** The name of the device database (device-store.ts); known to the app shell without loading the database code. */
export const DEVICE_DATABASE = 'fieldcare-device';
