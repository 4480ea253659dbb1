// A browser clock that reads late morning whenever the suite runs: "today" and a start time
// "20 minutes ago" agree, and "plan from now" leaves the day's visits in their windows.

/** The Etc/GMT zone where it is now about 11:00, and today's date there (YYYY-MM-DD). */
export function middayZone(now: Date): { timezoneId: string; today: string } {
	let offset = 11 - now.getUTCHours();
	if (offset > 14) offset -= 24;
	if (offset < -12) offset += 24;
	// Etc/GMT zones have the sign reversed (POSIX): Etc/GMT-2 is UTC+2.
	const timezoneId = offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
	return { timezoneId, today: new Intl.DateTimeFormat('en-CA', { timeZone: timezoneId }).format(now) };
}
