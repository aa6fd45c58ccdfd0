import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchOptions, type ISearchResultChangeEvent } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import type { TerminalOutput } from '../../../shared/contract/terminal';
import { api, onConnectionStatus } from '../../api/client';
import { isMac } from '../../commands/registry';
import { useSettings } from '../../stores/settings-store';
import { findPaths } from './file-links';
import { openAt } from './open-link';
import { currentTheme, onThemeChange, xtermTheme } from './terminal-theme';
import { mayTakeFocus } from '../../stores/ui-store';

/** Acknowledge processed output in steps this large, or after this long: the host holds the program back until we do. */
const ACK_EVERY = 64 * 1024;
const ACK_DELAY_MS = 20;
/** Largest piece of input per message (the contract allows 1 M characters; big pastes are split). */
const WRITE_CHUNK = 256 * 1024;
const LINK_CACHE_MS = 5000;

const searchColors = (): ISearchOptions['decorations'] =>
  currentTheme() === 'dark'
    ? { matchBackground: '#515c6a', matchOverviewRuler: '#d18616', activeMatchBackground: '#a8620d', activeMatchColorOverviewRuler: '#d18616' }
    : { matchBackground: '#f1e3a0', matchOverviewRuler: '#d18616', activeMatchBackground: '#f5a623', activeMatchColorOverviewRuler: '#d18616' };

/**
 * One terminal as the person sees it: an xterm.js instance that outlives the panel (its
 * element moves in and out of the DOM), fed by the host's output stream with
 * acknowledgements for flow control, and reattached after a lost connection from exactly
 * where it left off.
 */
export class XtermView {
  readonly element = document.createElement('div');
  readonly term: Terminal;
  private readonly fitAddon = new FitAddon();
  private readonly searchAddon = new SearchAddon();
  private opened = false;
  /** Offset of the host's output received so far; null until the first replay. */
  private offset: number | null = null;
  private stream = 0;
  private unacked = 0;
  private ackTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly offs: (() => void)[] = [];
  private sentSize = { cols: 0, rows: 0 };
  private focusOnAttach = false;
  private readonly linkCache = new Map<string, { at: number; path: Promise<string | null> }>();

  constructor(
    readonly id: string,
    scrollback: number,
  ) {
    this.element.className = 'terminal-view';
    this.term = new Terminal({
      scrollback,
      fontFamily: "ui-monospace, 'SF Mono', 'Cascadia Code', 'DejaVu Sans Mono', monospace",
      fontSize: useSettings.getState().fontSize, // general.fontSize, like the editor
      theme: xtermTheme(currentTheme()),
      cursorBlink: true,
      allowProposedApi: true, // search result counts
      macOptionIsMeta: true,
    });
    this.term.loadAddon(this.fitAddon);
    this.term.loadAddon(this.searchAddon);
    this.term.loadAddon(new WebLinksAddon((_e, uri) => window.open(uri, '_blank', 'noopener,noreferrer')));
    this.term.registerLinkProvider({ provideLinks: (y, cb) => void this.fileLinks(y).then(cb) });
    this.term.attachCustomKeyEventHandler((e) => this.onKey(e));
    this.term.onData((d) => this.send(d));
    this.term.onBinary((d) => this.send(d));
    this.offs.push(onThemeChange((name) => (this.term.options.theme = xtermTheme(name))));
    this.offs.push(
      useSettings.subscribe((s, prev) => {
        if (s.fontSize === prev.fontSize) return;
        this.term.options.fontSize = s.fontSize;
        this.fit();
      }),
    );
    this.offs.push(
      onConnectionStatus((status) => {
        // The client would re-open the subscription with its first parameters; we re-open it
        // ourselves, asking only for what we missed.
        if (status === 'reconnecting') this.unsubscribe?.();
        else this.subscribe();
      }),
    );
    this.subscribe();
  }

  /** Puts the terminal into `host` (opening xterm the first time) and sizes it. */
  attach(host: HTMLElement): void {
    if (this.element.parentElement !== host) host.appendChild(this.element);
    if (!this.opened) {
      this.term.open(this.element);
      this.opened = true;
    }
    this.fit();
    if (this.focusOnAttach) {
      this.focusOnAttach = false;
      if (mayTakeFocus()) this.term.focus();
    }
  }

  detach(): void {
    this.element.remove();
  }

  focus(): void {
    if (this.element.isConnected) this.term.focus();
    else this.focusOnAttach = true;
  }

  /** Fits the terminal to its box and tells the host the new size (the program sees SIGWINCH). */
  fit(): void {
    if (!this.opened || !this.element.isConnected || this.element.clientWidth === 0) return;
    const dims = this.fitAddon.proposeDimensions();
    if (!dims || !Number.isFinite(dims.cols) || !Number.isFinite(dims.rows)) return;
    const cols = Math.max(2, dims.cols);
    const rows = Math.max(1, dims.rows);
    if (cols !== this.term.cols || rows !== this.term.rows) this.term.resize(cols, rows);
    if (cols !== this.sentSize.cols || rows !== this.sentSize.rows) {
      this.sentSize = { cols, rows };
      void api.call('terminal.resize', { id: this.id, cols, rows }).catch(() => {});
    }
  }

  findNext(query: string): boolean {
    return this.searchAddon.findNext(query, { decorations: searchColors() });
  }

  findPrevious(query: string): boolean {
    return this.searchAddon.findPrevious(query, { decorations: searchColors() });
  }

  clearSearch(): void {
    this.searchAddon.clearDecorations();
    this.term.clearSelection();
  }

  onSearchResults(listener: (e: ISearchResultChangeEvent) => void): () => void {
    const d = this.searchAddon.onDidChangeResults(listener);
    return () => d.dispose();
  }

  async copySelection(): Promise<void> {
    const text = this.term.getSelection();
    if (text) await navigator.clipboard.writeText(text);
  }

  async pasteClipboard(): Promise<void> {
    const text = await navigator.clipboard.readText();
    if (text) this.term.paste(text);
  }

  dispose(): void {
    this.unsubscribe?.();
    this.flushAck();
    for (const off of this.offs) off();
    this.term.dispose();
    this.element.remove();
  }

  private subscribe() {
    this.unsubscribe?.();
    const params = this.offset === null ? { id: this.id } : { id: this.id, since: this.offset };
    this.unsubscribe = api.subscribe('terminal.output', params, { event: (e) => this.onOutput(e) });
  }

  private onOutput(e: TerminalOutput) {
    if (e.type === 'exit') return; // the host wrote the exit line; the tab shows the status
    if (e.type === 'replay') {
      if (this.ackTimer) clearTimeout(this.ackTimer);
      this.ackTimer = null;
      this.stream = e.stream;
      this.unacked = 0;
      // RIS through the parser rather than term.reset(), which needs an opened terminal: a view
      // created for a terminal the panel does not show yet gets its replay before it is opened.
      if (e.reset) this.term.write('\x1bc');
      if (e.skipped > 0) this.term.write(`\r\n\x1b[90m[… ${formatChars(e.skipped)} of output not shown …]\x1b[0m\r\n`);
    }
    this.offset = e.offset;
    const stream = this.stream;
    const n = e.data.length;
    this.term.write(e.data, () => this.processed(stream, n));
  }

  private processed(stream: number, chars: number) {
    if (stream !== this.stream) return; // output of a subscription that has since been replaced
    this.unacked += chars;
    if (this.unacked >= ACK_EVERY) this.flushAck();
    else this.ackTimer ??= setTimeout(() => this.flushAck(), ACK_DELAY_MS);
  }

  private flushAck() {
    if (this.ackTimer) clearTimeout(this.ackTimer);
    this.ackTimer = null;
    if (!this.unacked) return;
    const chars = this.unacked;
    this.unacked = 0;
    void api.call('terminal.ack', { id: this.id, stream: this.stream, chars }).catch(() => {});
  }

  private send(data: string) {
    for (let i = 0; i < data.length; i += WRITE_CHUNK) {
      void api.call('terminal.write', { id: this.id, data: data.slice(i, i + WRITE_CHUNK) }).catch(() => {});
    }
  }

  /** Copy and paste the way terminals do: Ctrl+Shift+C/V (Cmd+C/V on macOS), and Ctrl+C copies when text is selected. */
  private onKey(e: KeyboardEvent): boolean {
    if (e.type !== 'keydown') return true;
    const key = e.key.toLowerCase();
    const mac = isMac();
    const copy = (mac && e.metaKey && key === 'c') || (!mac && e.ctrlKey && key === 'c' && (e.shiftKey || this.term.hasSelection()));
    if (copy) {
      e.preventDefault();
      void this.copySelection().then(() => !e.shiftKey && this.term.clearSelection());
      return false;
    }
    if (!mac && e.ctrlKey && e.shiftKey && key === 'v') {
      e.preventDefault();
      void this.pasteClipboard();
      return false;
    }
    // Ctrl+V / Cmd+V: let the browser's paste event reach xterm, which pastes (bracketed when the program asks).
    if ((mac ? e.metaKey : e.ctrlKey) && !e.shiftKey && key === 'v') return false;
    return true;
  }

  /** `path:line` links to workspace files; the host checks each exists, relative to the shell's folder. */
  private async fileLinks(y: number) {
    const line = this.term.buffer.active.getLine(y - 1);
    if (!line) return undefined;
    const text = line.translateToString(true);
    const links = await Promise.all(
      findPaths(text).map(async (m) => {
        const rel = await this.resolve(m.path);
        if (!rel) return null;
        return {
          range: { start: { x: m.start + 1, y }, end: { x: m.end, y } },
          text: text.slice(m.start, m.end),
          activate: () => void openAt(rel, m.line, m.column),
        };
      }),
    );
    const found = links.filter((l) => l !== null);
    return found.length ? found : undefined;
  }

  private resolve(path: string): Promise<string | null> {
    const cached = this.linkCache.get(path);
    if (cached && Date.now() - cached.at < LINK_CACHE_MS) return cached.path;
    const result = api
      .call('terminal.resolvePath', { id: this.id, path })
      .then((r) => r.path)
      .catch(() => null);
    this.linkCache.set(path, { at: Date.now(), path: result });
    if (this.linkCache.size > 500) this.linkCache.clear();
    return result;
  }
}

const formatChars = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} M characters` : `${Math.ceil(n / 1024)} K characters`);
