// The dispatcher consoles of the fan-out benchmark, in a process of their own: N streams of
// GET /api/live, each noting when every change arrived. Args: url n; the tokens come by message
// (not argv, which `ps` shows). Times are wall-clock milliseconds, comparable across processes.

interface Start {
	tokens: string[];
}

const [url, n] = process.argv.slice(2);
const now = () => performance.timeOrigin + performance.now();
const controller = new AbortController();
/** Per console: document id → arrival time. */
const arrivals: Record<string, number>[] = [];
let readyCount = 0;
let failures = 0;

async function consume(index: number, token: string): Promise<void> {
	const received: Record<string, number> = {};
	arrivals[index] = received;
	const res = await fetch(`${url}/api/live`, { headers: { authorization: `Bearer ${token}` }, signal: controller.signal });
	if (res.status !== 200) throw new Error(`console ${index}: HTTP ${res.status}`);
	const reader = res.body!.getReader();
	const decoder = new TextDecoder();
	let text = '';
	for (;;) {
		const { value, done } = await reader.read();
		if (done) return;
		const at = now();
		text += decoder.decode(value, { stream: true });
		let end: number;
		while ((end = text.indexOf('\n\n')) >= 0) {
			const block = text.slice(0, end);
			text = text.slice(end + 2);
			if (block.includes('\nevent: ready\n')) {
				if (++readyCount === Number(n)) process.send?.({ ready: true });
			} else if (block.includes('\nevent: change\n')) {
				const data = block.slice(block.indexOf('\ndata: ') + '\ndata: '.length);
				received[(JSON.parse(data) as { id: string }).id] = at;
			}
		}
	}
}

process.once('message', (start: Start) => {
	for (let i = 0; i < Number(n); i++) {
		consume(i, start.tokens[i % start.tokens.length]).catch((err: Error) => {
			if (err.name !== 'AbortError') {
				failures++;
				console.error(err.message);
			}
		});
	}
	process.on('message', (message: { stop?: boolean }) => {
		if (!message.stop) return;
		controller.abort();
		process.send?.({ arrivals, failures }, () => process.exit(0));
	});
});
