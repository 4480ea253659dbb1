/** Text placed into Leaflet's HTML (attributions, marker labels) comes from operators and documents: escape it. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
