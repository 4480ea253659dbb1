// A table too wide for a phone scrolls sideways inside its wrapper. Such a region must be reachable
// by keyboard and named (WCAG 2.1.1, axe "scrollable-region-focusable"); one that fits stays out
// of the tab order.
import type { Action } from 'svelte/action';

export const scrollRegion: Action<HTMLElement, string> = (node, label) => {
	let name = label;
	const update = () => {
		if (node.scrollWidth > node.clientWidth) {
			node.tabIndex = 0;
			node.setAttribute('role', 'region');
			node.setAttribute('aria-label', name);
		} else {
			node.removeAttribute('tabindex');
			node.removeAttribute('role');
			node.removeAttribute('aria-label');
		}
	};
	const observer = new ResizeObserver(update);
	observer.observe(node);
	if (node.firstElementChild) observer.observe(node.firstElementChild);
	update();
	return {
		update(next: string) {
			name = next;
			update();
		},
		destroy: () => observer.disconnect()
	};
};
