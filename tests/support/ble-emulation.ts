// Emulated Bluetooth LE health devices for end-to-end tests: Chromium's BluetoothEmulation and
// DeviceAccess CDP domains behind one class (recipe and pitfalls: BLE-TESTING.md).
//
//   const ble = await BleEmulation.attach(browser, page);   // after launchBrowser([WEB_BLUETOOTH_FLAG])
//   await ble.addPeripheral(heartRateMonitor('01:00:00:00:00:01'));        // presets: ble-devices.ts
//   await page.goto(url); await ble.setUp();                 // again after EVERY navigation or reload
//   ble.chooseNext('01:00:00:00:00:01');                     // the chooser picks it; unset = cancel
//   … the app pairs, connects, subscribes …
//   await ble.deliver(0x2a37, Uint8Array.of(0x10, 0x48, 0x00, 0x04));
//
// Pair through a real click (locator.click()), as a user does. A gesture given by page.evaluate()
// now and then reaches the browser after the request, which then fails with "SecurityError: Must be
// handling a user gesture" although navigator.userActivation.isActive is true in the page.
//
// Chromium has no command that pushes a notification, so deliver() makes the page read the
// characteristic and answers that read with the bytes; readValue() fires characteristicvaluechanged.
// The emulation is global to the browser: one BleEmulation per browser at a time.
import type { Browser, CDPSession, Page } from 'playwright-core';

/** Bluetooth SIG base UUID; a 16- or 32-bit assigned number replaces its first eight digits. */
const BASE_UUID_SUFFIX = '-0000-1000-8000-00805f9b34fb';
const CCCD_UUID = 0x2902; // Client Characteristic Configuration: without it startNotifications() fails.
/** HCI error codes (Bluetooth Core Vol 1 Part F); 0x08 is the one Chromium reports as "Connection attempt failed". */
export const HCI_SUCCESS = 0x00;
export const HCI_CONNECTION_TIMEOUT = 0x08;
/** ATT error codes (Bluetooth Core Vol 3 Part F 3.4.1.1). */
const ATT_SUCCESS = 0x00;
const ATT_READ_NOT_PERMITTED = 0x02;
const ATT_ATTRIBUTE_NOT_FOUND = 0x0a;
const ATT_UNLIKELY_ERROR = 0x0e;
const DEFAULT_TIMEOUT_MS = 5_000;
/** How long a chooser waits for the chosen device to be offered before it is cancelled. */
const DEFAULT_PROMPT_TIMEOUT_MS = 2_000;
/** Between looks for the page's characteristic objects: the page has no event we could await. */
const POLL_INTERVAL_MS = 50;
/** Runs in the page with `this` = every BluetoothRemoteGATTCharacteristic (Runtime.queryObjects). */
const READ_MATCHING = `async function (uuid) {
	const results = await Promise.allSettled(this.filter((c) => c.uuid === uuid).map((c) => c.readValue()));
	return results.map((r) => r.status === 'fulfilled'
		? { ok: true, bytes: Array.from(new Uint8Array(r.value.buffer, r.value.byteOffset, r.value.byteLength)) }
		: { ok: false, error: String(r.reason) });
}`;

export type BleUuid = number | string;

export interface CharacteristicProperties {
	read?: boolean;
	write?: boolean;
	writeWithoutResponse?: boolean;
	notify?: boolean;
	indicate?: boolean;
}

/** Called after a write was answered, e.g. a glucose meter answering its RACP. Errors land in `problems`. */
export type WriteHandler = (data: Uint8Array, ble: BleEmulation) => void | Promise<void>;

export interface CharacteristicSpec {
	uuid: BleUuid;
	properties: CharacteristicProperties;
	/** Answer to reads when nothing is queued. */
	value?: Uint8Array;
	onWrite?: WriteHandler;
}

export interface ServiceSpec {
	uuid: BleUuid;
	characteristics: CharacteristicSpec[];
}

export interface PeripheralSpec {
	address: string;
	name: string;
	services: ServiceSpec[];
	/** Services a requestDevice filter can match; defaults to all of `services`. */
	advertisedServices?: BleUuid[];
}

export interface RecordedWrite {
	address: string;
	characteristicUuid: string;
	data: Uint8Array;
	writeType: string | undefined;
}

export interface PromptRecord {
	id: string;
	offered: string[];
	outcome: { selected: string } | { cancelled: string } | 'pending';
}

export interface AttachOptions {
	timeoutMs?: number;
	promptTimeoutMs?: number;
}

interface Characteristic {
	readonly address: string;
	readonly uuid: string;
	readonly spec: CharacteristicSpec;
	readonly queued: Uint8Array[];
	id: string | undefined;
	subscribed: boolean;
}

interface Peripheral {
	readonly spec: PeripheralSpec;
	readonly characteristics: Characteristic[];
}

type ConnectionPolicy = { kind: 'accept' } | { kind: 'fail'; code: number; remaining: number } | { kind: 'hold' };
type ReadOutcome = { ok: true; bytes: number[] } | { ok: false; error: string };

/** 0x180d, '180d', '0x180D' or a full 128-bit string → the lower-case 128-bit form the page reports. */
export function fullUuid(uuid: BleUuid): string {
	const text = typeof uuid === 'number' ? uuid.toString(16) : uuid.toLowerCase().replace(/^0x/, '');
	if (/^[0-9a-f]{1,8}$/.test(text)) return text.padStart(8, '0') + BASE_UUID_SUFFIX;
	if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(text)) return text;
	throw new Error(`Not a Bluetooth UUID: ${String(uuid)}`);
}

/** 0x2A37 for assigned numbers, the full form otherwise: for error messages. */
function uuidLabel(uuid: string): string {
	return uuid.endsWith(BASE_UUID_SUFFIX) && uuid.startsWith('0000') ? `0x${uuid.slice(4, 8).toUpperCase()}` : uuid;
}

const toBase64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const fromBase64 = (data: string | undefined): Uint8Array => new Uint8Array(Buffer.from(data ?? '', 'base64'));
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const sameBytes = (a: ArrayLike<number>, b: ArrayLike<number>): boolean => a.length === b.length && Array.from(a).every((v, i) => v === b[i]);

async function within<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message())), ms)));
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

function parseReadOutcomes(value: unknown): ReadOutcome[] {
	if (!Array.isArray(value)) throw new Error(`Unexpected answer from the page: ${JSON.stringify(value)}`);
	return value.map((entry: unknown): ReadOutcome => {
		const e = entry as { ok?: unknown; bytes?: unknown; error?: unknown };
		if (e.ok === true && Array.isArray(e.bytes)) return { ok: true, bytes: e.bytes.map(Number) };
		return { ok: false, error: String(e.error) };
	});
}

export class BleEmulation {
	readonly writes: RecordedWrite[] = [];
	readonly prompts: PromptRecord[] = [];
	/** Unexpected events and failed answers: a test can assert it stays empty. */
	readonly problems: string[] = [];

	readonly #central: CDPSession; // browser level: BluetoothEmulation
	readonly #page: CDPSession; // page level: DeviceAccess, Runtime
	readonly #timeoutMs: number;
	readonly #promptTimeoutMs: number;
	readonly #peripherals = new Map<string, Peripheral>();
	readonly #byId = new Map<string, Characteristic>();
	readonly #cccds = new Map<string, Characteristic>(); // descriptor id → its characteristic
	readonly #answeredPrompts = new Set<string>();
	readonly #promptTimers = new Map<string, NodeJS.Timeout>();
	readonly #waiters = new Set<{ check: () => boolean; fail: (error: Error) => void }>();
	#held: { address: string }[] = [];
	#connections: ConnectionPolicy = { kind: 'accept' };
	#nextChoice: string | undefined;
	#namePattern: string | RegExp | undefined;
	#delivery: { target: Characteristic; bytes: Uint8Array; answered: boolean } | undefined;
	#deliveries: Promise<unknown> = Promise.resolve();
	#enabled = false;
	#detached = false;

	private constructor(central: CDPSession, page: CDPSession, options: AttachOptions) {
		this.#central = central;
		this.#page = page;
		this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		this.#promptTimeoutMs = options.promptTimeoutMs ?? DEFAULT_PROMPT_TIMEOUT_MS;
	}

	/** Opens both CDP sessions and starts answering the chooser and the emulated peripherals. */
	static async attach(browser: Browser, page: Page, options: AttachOptions = {}): Promise<BleEmulation> {
		const central = await browser.newBrowserCDPSession();
		const pageSession = await page.context().newCDPSession(page);
		const ble = new BleEmulation(central, pageSession, options);
		central.on('BluetoothEmulation.gattOperationReceived', (e) => ble.#onGattOperation(e.address, e.type));
		central.on('BluetoothEmulation.characteristicOperationReceived', (e) => ble.#onCharacteristicOperation(e));
		central.on('BluetoothEmulation.descriptorOperationReceived', (e) => ble.#onDescriptorOperation(e));
		// DeviceAccess stays enabled across reloads of the page; the emulated adapter does not.
		pageSession.on('DeviceAccess.deviceRequestPrompted', (e) => ble.#onPrompt(e.id, e.devices));
		await pageSession.send('DeviceAccess.enable');
		return ble;
	}

	// ── chooser ────────────────────────────────────────────────────────────────────────────────

	/** The next chooser selects this device (once). */
	chooseNext(address: string): void {
		this.#nextChoice = address;
	}

	/** Every chooser selects the first offered device whose registered name matches, until chooseNone(). */
	chooseByName(pattern: string | RegExp): void {
		this.#namePattern = pattern;
	}

	/** Choosers are cancelled, as when the user closes them. The default. */
	chooseNone(): void {
		this.#nextChoice = undefined;
		this.#namePattern = undefined;
	}

	// ── adapter and peripherals ────────────────────────────────────────────────────────────────

	/**
	 * (Re)creates the emulated adapter and every registered peripheral. Call it after EVERY
	 * navigation or reload: the page then gets a fresh Bluetooth service and sees no adapter
	 * ("Bluetooth adapter not available") although the CDP domain still counts as enabled, so this
	 * disables it first. Recorded writes, queued reads and the chooser policy are kept.
	 */
	async setUp(): Promise<void> {
		await this.#central.send('BluetoothEmulation.disable');
		await this.#central.send('BluetoothEmulation.enable', { state: 'powered-on', leSupported: true });
		this.#enabled = true;
		this.#byId.clear();
		this.#cccds.clear();
		this.#held = [];
		for (const peripheral of this.#peripherals.values()) await this.#emulate(peripheral);
	}

	/** setUp() with a clean slate: forgets writes, queued reads, prompts and connection and chooser policies. */
	async reset(): Promise<void> {
		this.writes.length = 0;
		this.prompts.length = 0;
		for (const peripheral of this.#peripherals.values()) for (const c of peripheral.characteristics) c.queued.length = 0;
		this.#connections = { kind: 'accept' };
		this.chooseNone();
		await this.setUp();
	}

	/** Registers a peripheral; once setUp() ran it is emulated at once, and again by every setUp(). */
	async addPeripheral(spec: PeripheralSpec): Promise<void> {
		if (this.#peripherals.has(spec.address)) throw new Error(`A peripheral ${spec.address} is already registered.`);
		const characteristics = spec.services.flatMap((service) =>
			service.characteristics.map((c): Characteristic => ({ address: spec.address, uuid: fullUuid(c.uuid), spec: c, queued: [], id: undefined, subscribed: false }))
		);
		const peripheral: Peripheral = { spec, characteristics };
		this.#peripherals.set(spec.address, peripheral);
		if (this.#enabled) await this.#emulate(peripheral);
	}

	/** The peripheral drops the link: `gattserverdisconnected` fires in the page; it accepts a new connect(). */
	async disconnect(address: string): Promise<void> {
		const peripheral = this.#peripheral(address);
		await this.#central.send('BluetoothEmulation.simulateGATTDisconnection', { address });
		// Chromium's fake peripheral forgets its GATT services on disconnection (a reconnect then finds
		// "No Services matching UUID"), so they are added again, with new ids. Subscriptions end too.
		await this.#addServices(peripheral);
		this.#changed();
	}

	// ── connection attempts ────────────────────────────────────────────────────────────────────

	/** The next `count` connection attempts fail (connect() rejects with a NetworkError). */
	failNextConnections(count = 1, code = HCI_CONNECTION_TIMEOUT): void {
		this.#connections = { kind: 'fail', code, remaining: count };
	}

	/** Connection attempts get no answer (connect() stays pending) until releaseConnections(). */
	holdConnections(): void {
		this.#connections = { kind: 'hold' };
	}

	get heldConnections(): number {
		return this.#held.length;
	}

	/** Waits for at least one held attempt, answers all of them with `code` and accepts from now on. */
	async releaseConnections(code = HCI_SUCCESS): Promise<number> {
		await this.#until(() => this.#held.length > 0, () => 'no connection attempt arrived to release');
		const held = this.#held;
		this.#held = [];
		this.#connections = { kind: 'accept' };
		for (const { address } of held) await this.#central.send('BluetoothEmulation.simulateGATTOperationResponse', { address, type: 'connection', code });
		return held.length;
	}

	// ── values ─────────────────────────────────────────────────────────────────────────────────

	/** The answer to the page's next read of this characteristic (a queue; then the static value). */
	queueRead(characteristicUuid: BleUuid, bytes: Uint8Array, address?: string): void {
		this.#characteristic(characteristicUuid, address).queued.push(bytes);
	}

	/**
	 * A notification or indication from the peripheral: waits until the page subscribed (for
	 * notify/indicate characteristics) and holds the characteristic object, then makes the page
	 * read it and answers with `bytes`. Resolves once the page's readValue() resolved, i.e. after
	 * its characteristicvaluechanged listeners ran. Deliveries happen one at a time, in call order.
	 */
	async deliver(characteristicUuid: BleUuid, bytes: Uint8Array, options: { address?: string; timeoutMs?: number } = {}): Promise<void> {
		const target = this.#characteristic(characteristicUuid, options.address);
		const run = this.#deliveries.then(() => this.#deliver(target, bytes, options.timeoutMs ?? this.#timeoutMs));
		this.#deliveries = run.catch(() => undefined);
		await run;
	}

	/** Resolves with the writes to this characteristic once there are at least `count`. */
	async waitForWrites(characteristicUuid: BleUuid, count = 1, timeoutMs = this.#timeoutMs): Promise<RecordedWrite[]> {
		const uuid = fullUuid(characteristicUuid);
		const matching = () => this.writes.filter((w) => w.characteristicUuid === uuid);
		await this.#until(() => matching().length >= count, () => `expected ${count} write(s) to ${uuidLabel(uuid)}, got ${matching().length}`, timeoutMs);
		return matching();
	}

	/** Resolves once the page called startNotifications() on this characteristic. */
	async waitForSubscription(characteristicUuid: BleUuid, options: { address?: string; timeoutMs?: number } = {}): Promise<void> {
		const target = this.#characteristic(characteristicUuid, options.address);
		await this.#until(() => target.subscribed, () => `the page did not subscribe to ${uuidLabel(target.uuid)} of ${target.address} (startNotifications)`, options.timeoutMs);
	}

	/** Stops answering, fails pending waits and turns the emulation off. */
	async detach(): Promise<void> {
		if (this.#detached) return;
		this.#detached = true;
		for (const timer of this.#promptTimers.values()) clearTimeout(timer);
		for (const waiter of this.#waiters) waiter.fail(new Error('BleEmulation was detached'));
		await this.#central.send('BluetoothEmulation.disable').catch(() => undefined); // the browser may be gone
		await Promise.allSettled([this.#central.detach(), this.#page.detach()]);
	}

	// ── internals ──────────────────────────────────────────────────────────────────────────────

	async #emulate(peripheral: Peripheral): Promise<void> {
		const { address, name, services, advertisedServices } = peripheral.spec;
		const knownServiceUuids = (advertisedServices ?? services.map((s) => s.uuid)).map(fullUuid);
		await this.#central.send('BluetoothEmulation.simulatePreconnectedPeripheral', { address, name, manufacturerData: [], knownServiceUuids });
		await this.#addServices(peripheral);
	}

	async #addServices(peripheral: Peripheral): Promise<void> {
		const { address, services } = peripheral.spec;
		for (const [id, characteristic] of this.#cccds) if (characteristic.address === address) this.#cccds.delete(id);
		let index = 0;
		for (const service of services) {
			const { serviceId } = await this.#central.send('BluetoothEmulation.addService', { address, serviceUuid: fullUuid(service.uuid) });
			for (const spec of service.characteristics) {
				const characteristic = peripheral.characteristics[index++];
				if (characteristic.id !== undefined) this.#byId.delete(characteristic.id);
				characteristic.subscribed = false;
				const { properties } = spec;
				const added = await this.#central.send('BluetoothEmulation.addCharacteristic', { serviceId, characteristicUuid: characteristic.uuid, properties });
				characteristic.id = added.characteristicId;
				this.#byId.set(added.characteristicId, characteristic);
				if (properties.notify || properties.indicate) {
					const { descriptorId } = await this.#central.send('BluetoothEmulation.addDescriptor', { characteristicId: added.characteristicId, descriptorUuid: fullUuid(CCCD_UUID) });
					this.#cccds.set(descriptorId, characteristic);
				}
			}
		}
	}

	#onGattOperation(address: string, type: 'connection' | 'discovery'): void {
		const policy = this.#connections;
		let code = HCI_SUCCESS;
		if (type === 'connection' && policy.kind === 'hold') {
			this.#held.push({ address });
			this.#changed();
			return;
		}
		if (type === 'connection' && policy.kind === 'fail') {
			code = policy.code;
			if (--policy.remaining <= 0) this.#connections = { kind: 'accept' };
		}
		this.#answer(this.#central.send('BluetoothEmulation.simulateGATTOperationResponse', { address, type, code }), `${type} of ${address}`);
	}

	#onCharacteristicOperation(e: { characteristicId: string; type: 'read' | 'write' | 'subscribe-to-notifications' | 'unsubscribe-from-notifications'; data?: string; writeType?: string }): void {
		const { characteristicId, type } = e;
		const respond = (code: number, data?: Uint8Array) =>
			this.#central.send('BluetoothEmulation.simulateCharacteristicOperationResponse', { characteristicId, type, code, ...(data && { data: toBase64(data) }) });
		const characteristic = this.#byId.get(characteristicId);
		if (!characteristic) {
			this.#answer(respond(ATT_ATTRIBUTE_NOT_FOUND), `${type} of unknown characteristic ${characteristicId}`);
			this.problems.push(`${type} of unknown characteristic ${characteristicId}`);
			return;
		}
		const what = `${type} of ${uuidLabel(characteristic.uuid)} on ${characteristic.address}`;
		switch (type) {
			case 'read': {
				const answer = this.#readAnswer(characteristic);
				this.#answer(typeof answer === 'number' ? respond(answer) : respond(ATT_SUCCESS, answer), what);
				return;
			}
			case 'write': {
				const data = fromBase64(e.data);
				this.writes.push({ address: characteristic.address, characteristicUuid: characteristic.uuid, data, writeType: e.writeType });
				const { onWrite } = characteristic.spec;
				this.#answer(respond(ATT_SUCCESS).then(() => onWrite?.(data, this)), what);
				this.#changed();
				return;
			}
			case 'subscribe-to-notifications':
			case 'unsubscribe-from-notifications':
				this.#answer(respond(ATT_SUCCESS).then(() => {
					characteristic.subscribed = type === 'subscribe-to-notifications';
					this.#changed();
				}), what);
				return;
			default: {
				const unknown: never = type;
				this.problems.push(`unknown characteristic operation ${String(unknown)}`);
			}
		}
	}

	/**
	 * The bytes for a read, or an ATT error code. A delivery in progress wins; reads of the same UUID
	 * on another device meanwhile fail, so that device's listeners see no value it never sent.
	 */
	#readAnswer(characteristic: Characteristic): Uint8Array | number {
		const delivery = this.#delivery;
		if (delivery?.target === characteristic && !delivery.answered) {
			delivery.answered = true;
			return delivery.bytes;
		}
		if (delivery && delivery.target.uuid === characteristic.uuid && delivery.target !== characteristic) return ATT_UNLIKELY_ERROR;
		const value = characteristic.queued.shift() ?? characteristic.spec.value;
		if (value) return value;
		return characteristic.spec.properties.read ? new Uint8Array() : ATT_READ_NOT_PERMITTED;
	}

	/** Only CCCDs are emulated. A CCCD reads 01 00 while notifying, 02 00 while indicating (Core Vol 3 Part G 3.3.3.3). */
	#onDescriptorOperation(e: { descriptorId: string; type: 'read' | 'write'; data?: string }): void {
		const { descriptorId, type } = e;
		const respond = (code: number, data?: Uint8Array) =>
			this.#central.send('BluetoothEmulation.simulateDescriptorOperationResponse', { descriptorId, type, code, ...(data && { data: toBase64(data) }) });
		const characteristic = this.#cccds.get(descriptorId);
		if (!characteristic) {
			this.#answer(respond(ATT_ATTRIBUTE_NOT_FOUND), `${type} of unknown descriptor ${descriptorId}`);
			this.problems.push(`${type} of unknown descriptor ${descriptorId}`);
			return;
		}
		const state = characteristic.subscribed ? (characteristic.spec.properties.notify ? 0x01 : 0x02) : 0x00;
		this.#answer(type === 'read' ? respond(ATT_SUCCESS, Uint8Array.of(state, 0x00)) : respond(ATT_SUCCESS), `${type} of the CCCD of ${uuidLabel(characteristic.uuid)}`);
	}

	#onPrompt(id: string, devices: { id: string; name: string }[]): void {
		// The event arrives two or three times per chooser, the list growing; answering twice crashes the browser.
		if (this.#answeredPrompts.has(id)) return;
		let record = this.prompts.find((p) => p.id === id);
		if (!record) {
			const created: PromptRecord = { id, offered: [], outcome: 'pending' };
			this.prompts.push((record = created));
			const reason = `the chosen device was not offered within ${this.#promptTimeoutMs} ms`;
			this.#promptTimers.set(id, setTimeout(() => this.#settlePrompt(created, { cancelled: reason }, true), this.#promptTimeoutMs));
		}
		record.offered = devices.map((d) => d.id);
		const chosen = this.#choose(devices);
		if (chosen === 'cancel') this.#settlePrompt(record, { cancelled: 'no device chosen' }, false);
		else if (chosen) this.#settlePrompt(record, { selected: chosen }, false);
		// else a later event may offer the chosen device; if none does, the timer cancels.
	}

	#choose(devices: { id: string; name: string }[]): string | 'cancel' | undefined {
		const next = this.#nextChoice?.toLowerCase();
		if (next !== undefined) {
			const device = devices.find((d) => d.id.toLowerCase() === next);
			if (device) this.#nextChoice = undefined;
			return device?.id;
		}
		const pattern = this.#namePattern;
		if (pattern === undefined) return 'cancel';
		// Chromium 156 offers every device with an empty name: match the name it was registered with.
		const nameOf = (d: { id: string; name: string }) => this.#peripherals.get(d.id)?.spec.name || d.name;
		return devices.find((d) => (typeof pattern === 'string' ? nameOf(d).includes(pattern) : pattern.test(nameOf(d))))?.id;
	}

	#settlePrompt(record: PromptRecord, outcome: { selected: string } | { cancelled: string }, unexpected: boolean): void {
		if (this.#answeredPrompts.has(record.id)) return;
		this.#answeredPrompts.add(record.id);
		clearTimeout(this.#promptTimers.get(record.id));
		this.#promptTimers.delete(record.id);
		record.outcome = outcome;
		if ('selected' in outcome) {
			this.#answer(this.#page.send('DeviceAccess.selectPrompt', { id: record.id, deviceId: outcome.selected }), `selecting ${outcome.selected}`);
			return;
		}
		if (unexpected) this.problems.push(`chooser cancelled: ${outcome.cancelled} (offered: ${record.offered.join(', ') || 'none'})`);
		this.#answer(this.#page.send('DeviceAccess.cancelPrompt', { id: record.id }), 'cancelling the chooser');
	}

	async #deliver(target: Characteristic, bytes: Uint8Array, timeoutMs: number): Promise<void> {
		const label = `${uuidLabel(target.uuid)} of ${target.address}`;
		const { notify, indicate } = target.spec.properties;
		if (notify || indicate) await this.waitForSubscription(target.uuid, { address: target.address, timeoutMs });
		const delivery = { target, bytes, answered: false };
		this.#delivery = delivery;
		const deadline = Date.now() + timeoutMs;
		let last: ReadOutcome[] = [];
		try {
			for (;;) {
				last = await within(this.#readInPage(target.uuid), Math.max(deadline - Date.now(), 1), () => `deliver(${label}): the page's readValue() did not resolve within ${timeoutMs} ms`);
				if (last.some((r) => r.ok && sameBytes(r.bytes, bytes))) return;
				if (delivery.answered) throw new Error(`deliver(${label}): the read was answered but the page got ${JSON.stringify(last)}`);
				// No live characteristic object yet (or only stale ones from before a reconnect): look again.
				if (Date.now() + POLL_INTERVAL_MS > deadline) break;
				await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
			}
		} finally {
			this.#delivery = undefined;
		}
		const seen = last.length ? last.map((r) => (r.ok ? `read ${JSON.stringify(r.bytes)}` : r.error)).join('; ') : 'no such characteristic object';
		throw new Error(`deliver(${label}): no connected characteristic object in the page within ${timeoutMs} ms (${seen})`);
	}

	/** readValue() on every characteristic object in the page with this UUID (BLE-TESTING.md). */
	async #readInPage(uuid: string): Promise<ReadOutcome[]> {
		const objectGroup = 'ble-emulation-deliver';
		try {
			const proto = await this.#page.send('Runtime.evaluate', { expression: 'BluetoothRemoteGATTCharacteristic.prototype', objectGroup });
			if (proto.exceptionDetails || !proto.result.objectId) throw new Error('Web Bluetooth is not enabled in this page: launch with WEB_BLUETOOTH_FLAG and serve a secure context');
			const { objects } = await this.#page.send('Runtime.queryObjects', { prototypeObjectId: proto.result.objectId, objectGroup });
			const call = await this.#page.send('Runtime.callFunctionOn', {
				objectId: objects.objectId,
				functionDeclaration: READ_MATCHING,
				arguments: [{ value: uuid }],
				awaitPromise: true,
				returnByValue: true
			});
			if (call.exceptionDetails) throw new Error(`reading in the page failed: ${call.exceptionDetails.exception?.description ?? call.exceptionDetails.text}`);
			return parseReadOutcomes(call.result.value);
		} finally {
			await this.#page.send('Runtime.releaseObjectGroup', { objectGroup }).catch(() => undefined);
		}
	}

	#peripheral(address: string): Peripheral {
		const peripheral = this.#peripherals.get(address);
		if (!peripheral) throw new Error(`No peripheral ${address} registered (addPeripheral first).`);
		return peripheral;
	}

	#characteristic(uuid: BleUuid, address?: string): Characteristic {
		const full = fullUuid(uuid);
		const peripherals = address === undefined ? [...this.#peripherals.values()] : [this.#peripheral(address)];
		const found = peripherals.flatMap((p) => p.characteristics.filter((c) => c.uuid === full));
		if (found.length === 0) throw new Error(`No emulated characteristic ${uuidLabel(full)}${address ? ` on ${address}` : ''}.`);
		if (found.length > 1) throw new Error(`${uuidLabel(full)} exists on ${found.map((c) => c.address).join(' and ')}: pass the address.`);
		return found[0];
	}

	/** Fire-and-forget answers from event handlers: a failure becomes a problem, not an unhandled rejection. */
	#answer(action: Promise<unknown>, what: string): void {
		action.catch((error: unknown) => {
			if (!this.#detached) this.problems.push(`${what}: ${errorText(error)}`);
		});
	}

	#until(check: () => boolean, describe: () => string, timeoutMs = this.#timeoutMs): Promise<void> {
		if (check()) return Promise.resolve();
		if (this.#detached) return Promise.reject(new Error('BleEmulation was detached'));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.#waiters.delete(waiter);
				reject(new Error(`Timed out after ${timeoutMs} ms: ${describe()}`));
			}, timeoutMs);
			const settle = () => {
				clearTimeout(timer);
				this.#waiters.delete(waiter);
			};
			const waiter = {
				check: () => (check() ? (settle(), resolve(), true) : false),
				fail: (error: Error) => (settle(), reject(error))
			};
			this.#waiters.add(waiter);
		});
	}

	#changed(): void {
		for (const waiter of [...this.#waiters]) waiter.check();
	}
}
