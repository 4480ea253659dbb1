// The "Kontrast" setting for work in sunlight: chosen per device, remembered across reloads, and
// applied app-wide as an attribute on <html> that app.css turns into stronger colours and larger text.

export const CONTRAST_MODES = ['normal', 'high'] as const;
export type ContrastMode = (typeof CONTRAST_MODES)[number];

/** Kept in localStorage: a device setting (the sun is on the device, not on the account). */
const STORAGE_KEY = 'fieldcare.contrast';
/** The attribute on the document element that app.css reads. */
export const CONTRAST_ATTRIBUTE = 'data-contrast';

class DisplayContrast {
	#mode = $state<ContrastMode>('normal');

	get mode(): ContrastMode {
		return this.#mode;
	}

	set mode(value: ContrastMode) {
		this.#mode = value;
		if (typeof document !== 'undefined') document.documentElement.setAttribute(CONTRAST_ATTRIBUTE, value);
		if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, value);
	}

	/** Restores this device's choice; normal contrast unless high was chosen. */
	restore(): void {
		const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
		this.mode = saved === 'high' ? 'high' : 'normal';
	}
}

export const displayContrast = new DisplayContrast();
