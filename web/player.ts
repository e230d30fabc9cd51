import { errorText, type Api } from './api.ts';
import { announce, byId, formatDuration } from './dom.ts';
import type { Track } from './types.ts';

interface StreamUrl {
  url: string;
  expiresAt: string;
}

/**
 * One <audio> element for the whole page. It cannot send the bearer header, so each track's presigned stream
 * URL is fetched first; the store answers its Range requests, which is what makes seeking instant.
 */
export class Player {
  readonly #audio = byId<HTMLAudioElement>('audio');
  readonly #toggle = byId<HTMLButtonElement>('player-toggle');
  readonly #next = byId<HTMLButtonElement>('player-next');
  readonly #seek = byId<HTMLInputElement>('player-seek');
  readonly #time = byId('player-time');
  readonly #title = byId('player-title');
  #queue: Track[] = [];
  #index = -1;
  #seeking = false;
  #retried = false;

  constructor(private readonly api: Api) {
    const a = this.#audio;
    this.#toggle.addEventListener('click', () => (a.paused ? void this.#resume() : a.pause()));
    this.#next.addEventListener('click', () => void this.next());
    a.addEventListener('play', () => this.#render());
    a.addEventListener('pause', () => this.#render());
    a.addEventListener('loadedmetadata', () => this.#render());
    a.addEventListener('timeupdate', () => this.#render());
    a.addEventListener('ended', () => void this.next());
    a.addEventListener('error', () => void this.#recover());
    this.#seek.addEventListener('input', () => {
      this.#seeking = true;
      this.#time.textContent = this.#timeText(Number(this.#seek.value));
    });
    this.#seek.addEventListener('change', () => {
      this.#seeking = false;
      if (Number.isFinite(a.duration)) a.currentTime = Number(this.#seek.value);
    });
  }

  /** Plays `tracks[index]`, and the ones after it when it ends. */
  async play(tracks: Track[], index: number): Promise<void> {
    this.#queue = tracks;
    this.#index = index;
    this.#retried = false;
    await this.#load(0);
  }

  async next(): Promise<void> {
    if (this.#index + 1 >= this.#queue.length) {
      this.#audio.pause();
      return;
    }
    this.#index += 1;
    this.#retried = false;
    await this.#load(0);
  }

  get #current(): Track | undefined {
    return this.#queue[this.#index];
  }

  async #load(startAt: number): Promise<void> {
    const track = this.#current;
    if (!track) return;
    byId('player').hidden = false;
    this.#title.textContent = track.artist ? `${track.title} — ${track.artist}` : track.title;
    try {
      const stream = await this.api.get<StreamUrl>(`/v1/tracks/${track.id}/stream`);
      this.#audio.src = stream.url;
      if (startAt > 0) this.#audio.currentTime = startAt;
      await this.#audio.play();
      announce(`Playing ${this.#title.textContent}.`);
    } catch (error) {
      announce(`Could not play ${track.title}: ${errorText(error)}`, 'error');
    }
    this.#render();
  }

  async #resume(): Promise<void> {
    if (!this.#audio.src) return this.#load(0);
    await this.#audio.play().catch((error: unknown) => announce(`Could not play: ${errorText(error)}`, 'error'));
  }

  /**
   * A stream URL expires (at the earliest, the track's length plus ten minutes, e.g. after a long pause): fetch a
   * new one and carry on from the same place, once per track so that a track that cannot play does not loop.
   */
  async #recover(): Promise<void> {
    if (this.#retried || !this.#current || !this.#audio.src) return;
    this.#retried = true;
    await this.#load(this.#audio.currentTime);
  }

  #timeText(seconds: number): string {
    const duration = this.#audio.duration;
    return `${formatDuration(seconds * 1000)} / ${formatDuration(Number.isFinite(duration) ? duration * 1000 : null)}`;
  }

  #render(): void {
    const a = this.#audio;
    this.#toggle.textContent = a.paused ? 'Play' : 'Pause';
    this.#toggle.setAttribute('aria-label', a.paused ? 'Play' : 'Pause');
    this.#next.disabled = this.#index + 1 >= this.#queue.length;
    if (Number.isFinite(a.duration)) this.#seek.max = String(a.duration);
    if (!this.#seeking) {
      this.#seek.value = String(a.currentTime);
      this.#time.textContent = this.#timeText(a.currentTime);
    }
    this.#seek.setAttribute('aria-valuetext', this.#timeText(a.currentTime));
  }
}
