// The browser's Web Bluetooth, where there is one: Chrome and Edge on Android, ChromeOS, Windows,
// macOS and Linux. Safari/iOS and Firefox have none; those users enter values by hand.
// The only module that touches navigator.bluetooth.
import type { BleAdapter } from './transport.ts';

export function webBluetooth(): BleAdapter | undefined {
	if (typeof navigator === 'undefined') return undefined;
	const bluetooth = (navigator as Navigator & { bluetooth?: BleAdapter }).bluetooth;
	return bluetooth && typeof bluetooth.requestDevice === 'function' ? bluetooth : undefined;
}

/** Web Bluetooth needs a secure context (https, or localhost during development). */
export function bluetoothUnavailableReason(): 'insecure-context' | 'unsupported-browser' | undefined {
	if (typeof window !== 'undefined' && !window.isSecureContext) return 'insecure-context';
	return webBluetooth() ? undefined : 'unsupported-browser';
}

/** The user closed the chooser without picking a device: not an error worth showing. */
export function isChooserCancelled(err: unknown): boolean {
	return err instanceof Error && err.name === 'NotFoundError' && /cancel/i.test(err.message);
}
