/** Offers JSON as a file download (FHIR exports): a Blob behind a temporary link. */
export function downloadJson(fileName: string, data: unknown, type = 'application/json'): void {
	const blob = new Blob([JSON.stringify(data, null, 2)], { type });
	const link = document.createElement('a');
	link.href = URL.createObjectURL(blob);
	link.download = fileName;
	link.click();
	setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
