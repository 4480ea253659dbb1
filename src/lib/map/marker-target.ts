// Map markers are drawn smaller than they can be hit: the marker's element is a transparent
// square of the app's minimum target size (WCAG 2.5.5, 44 CSS px), the visible badge sits inside.

/** Edge of a marker's tappable square, in CSS px. */
export const MARKER_TARGET_PX = 44;

/** Leaflet's icon size and anchor for a marker centred on its point. */
export const MARKER_BOX = { iconSize: [MARKER_TARGET_PX, MARKER_TARGET_PX] as [number, number], iconAnchor: [MARKER_TARGET_PX / 2, MARKER_TARGET_PX / 2] as [number, number] };
