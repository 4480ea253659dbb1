// Calendar dates as the people on the ground see them: the device's local day.

/** `YYYY-MM-DD` of the local calendar day of `at`. */
export function localIsoDate(at: Date): string {
	const pad = (n: number) => String(n).padStart(2, '0');
	return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}`;
}

/** Age in completed years on the day `at`. */
export function ageOn(birthDate: string, at: Date): number {
	const [year, month, day] = birthDate.split('-').map(Number);
	let age = at.getFullYear() - year;
	if (at.getMonth() + 1 < month || (at.getMonth() + 1 === month && at.getDate() < day)) age--;
	return age;
}
