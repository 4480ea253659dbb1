// The local side of a call's media: microphone and camera, which camera, and the one video sender
// whose track is swapped (replaceTrack) so that switching camera or pausing video needs no new offer.
export type Facing = 'user' | 'environment';

export class CallMedia {
	readonly #getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>;
	#stream: MediaStream | undefined;
	#videoSender: RTCRtpSender | undefined;

	constructor(getUserMedia: (constraints: MediaStreamConstraints) => Promise<MediaStream>) {
		this.#getUserMedia = getUserMedia;
	}

	/** The local preview: microphone and the current camera. */
	get stream(): MediaStream | undefined {
		return this.#stream;
	}

	/** Microphone and camera; the microphone alone when no camera is there or allowed; undefined when neither. */
	async open(facing: Facing, audioOnly: boolean): Promise<{ audioOnly: boolean } | undefined> {
		try {
			this.#stream = await this.#getUserMedia({ audio: true, video: audioOnly ? false : { facingMode: facing } });
			return { audioOnly };
		} catch {
			try {
				// Speech alone is still a consult.
				this.#stream = await this.#getUserMedia({ audio: true, video: false });
				return { audioOnly: true };
			} catch {
				return undefined;
			}
		}
	}

	/** Puts every local track on the peer connection (adding tracks asks for negotiation). */
	addTo(pc: RTCPeerConnection): void {
		const stream = this.#stream;
		if (!stream) return;
		for (const track of stream.getTracks()) {
			const sender = pc.addTrack(track, stream);
			if (track.kind === 'video') this.#videoSender = sender;
		}
	}

	setMuted(muted: boolean): void {
		for (const track of this.#stream?.getAudioTracks() ?? []) track.enabled = !muted;
	}

	/**
	 * Sends the camera facing `facing`, or no video (`undefined`: audio only). The old camera is
	 * released first: phones open one camera at a time. The same sender takes the new track; a call
	 * begun without a camera gets its first video sender (that one renegotiates).
	 */
	async showCamera(pc: RTCPeerConnection, facing: Facing | undefined, stillCurrent: () => boolean): Promise<void> {
		const stream = this.#stream;
		if (!stream) return;
		for (const track of stream.getVideoTracks()) {
			track.stop();
			stream.removeTrack(track);
		}
		let next: MediaStreamTrack | null = null;
		if (facing) {
			try {
				next = (await this.#getUserMedia({ video: { facingMode: { ideal: facing } } })).getVideoTracks()[0] ?? null;
			} catch {
				next = null;
			}
		}
		if (!stillCurrent()) {
			next?.stop();
			return;
		}
		if (next) stream.addTrack(next);
		if (this.#videoSender) await this.#videoSender.replaceTrack(next);
		else if (next) this.#videoSender = pc.addTrack(next, stream);
	}

	/** Releases camera and microphone. */
	stop(): void {
		for (const track of this.#stream?.getTracks() ?? []) track.stop();
		this.#stream = undefined;
		this.#videoSender = undefined;
	}
}
