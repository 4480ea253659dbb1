/// <reference types="vite-plugin-pwa/client" />
/// <reference types="vite-plugin-pwa/info" />
declare global {
	namespace App {
		interface PageState {
			/** The in-app page this history entry was opened from (lib/navigation/back-link.ts). */
			backTo?: { href: string; name?: string };
		}
	}
}
export {};
