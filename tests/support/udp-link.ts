// A network link between two WebRTC peers that a test can cut: the field page's UDP host candidates
// are rewritten (in its signalling requests) to point at relay sockets of this process, and the
// physician page's candidates are withheld, so every media and ICE packet between the two passes
// through here. `cut = true` drops them all, as a dead zone would; the signalling is left to the
// browser context's offline switch. Only IPv4 UDP host candidates are relayed; the rest is withheld.
import dgram from 'node:dgram';
import type { Page, Route } from 'playwright-core';

interface Relay {
	socket: dgram.Socket;
	port: number;
}

interface SignalBody {
	kind?: string;
	candidate?: { candidate?: string };
	description?: { type: string; sdp: string };
}

const HOST_CANDIDATE = /^(candidate:\S+ \d+ udp \d+ )(\d+\.\d+\.\d+\.\d+) (\d+)( typ host.*)$/i;

export class CuttableUdpLink {
	/** True: every packet is dropped. */
	cut = false;
	/** Packets passed through (not dropped). */
	relayed = 0;
	readonly #relays = new Map<string, Promise<Relay>>();

	/** A relay socket in front of one candidate address of the field page. */
	#relayFor(host: string, port: number): Promise<Relay> {
		const key = `${host}:${port}`;
		let relay = this.#relays.get(key);
		if (!relay) {
			relay = new Promise<Relay>((resolve, reject) => {
				const socket = dgram.createSocket('udp4');
				let peer: dgram.RemoteInfo | undefined;
				socket.on('message', (message, from) => {
					if (this.cut) return;
					const fromField = from.address === host && from.port === port;
					if (!fromField) peer = from;
					const to = fromField ? peer : { address: host, port };
					if (!to) return;
					this.relayed++;
					socket.send(Uint8Array.from(message), to.port, to.address);
				});
				socket.once('error', reject);
				socket.bind(0, host, () => resolve({ socket, port: socket.address().port }));
			});
			this.#relays.set(key, relay);
		}
		return relay;
	}

	/** A candidate line of the field page pointed at its relay, or undefined to withhold it. */
	async #rewrite(line: string): Promise<string | undefined> {
		const match = HOST_CANDIDATE.exec(line);
		if (!match) return undefined;
		const relay = await this.#relayFor(match[2], Number(match[3]));
		return `${match[1]}${match[2]} ${relay.port}${match[4]}`;
	}

	async #handle(route: Route, side: 'field' | 'hidden'): Promise<void> {
		const body = JSON.parse(route.request().postData() ?? '{}') as SignalBody;
		if (body.kind === 'candidate' && body.candidate?.candidate) {
			const rewritten = side === 'field' ? await this.#rewrite(body.candidate.candidate) : undefined;
			if (rewritten === undefined) {
				await route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ ok: true, delivered: 1 }) });
				return;
			}
			body.candidate.candidate = rewritten;
		}
		if (body.kind === 'description' && body.description) {
			const lines: string[] = [];
			for (const line of body.description.sdp.split('\r\n')) {
				if (!line.startsWith('a=candidate:')) lines.push(line);
				else if (side === 'field') {
					const rewritten = await this.#rewrite(line.slice(2));
					if (rewritten) lines.push(`a=${rewritten}`);
				}
			}
			body.description.sdp = lines.join('\r\n');
		}
		await route.continue({ postData: JSON.stringify(body) });
	}

	/** The field page: its candidates go out rewritten to the relays. */
	async relayField(page: Page): Promise<void> {
		await page.route('**/api/consults/*/signal', (route) => this.#handle(route, 'field'));
	}

	/** The other page: its candidates are withheld, so it is reached only through the relays (as peer-reflexive). */
	async hide(page: Page): Promise<void> {
		await page.route('**/api/consults/*/signal', (route) => this.#handle(route, 'hidden'));
	}

	async close(): Promise<void> {
		for (const relay of this.#relays.values()) (await relay.catch(() => undefined))?.socket.close();
		this.#relays.clear();
	}
}
