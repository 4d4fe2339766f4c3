/**
 * Draws frames on the terminal, writing only the lines that changed since the last frame, in
 * one write, inside synchronized-output marks (DEC mode 2026) so that terminals which know
 * them show the frame whole; others ignore them.
 */
export class ScreenWriter {
  private shown: string[] = [];

  constructor(private readonly write: (text: string) => void) {}

  /** The next frame is drawn whole: after a resize, or when the screen may have been disturbed. */
  invalidate(): void {
    this.shown = [];
  }

  draw(lines: readonly string[]): void {
    const whole = this.shown.length !== lines.length;
    let out = whole ? '\u001B[H\u001B[2J' : '';
    lines.forEach((line, row) => {
      if (!whole && this.shown[row] === line) return;
      // Each line ends its styling and clears what the previous frame left to its right.
      out += `\u001B[${row + 1};1H${line}\u001B[0m\u001B[K`;
    });
    this.shown = [...lines];
    if (out !== '') this.write(`\u001B[?2026h${out}\u001B[?2026l`);
  }
}

/**
 * Entering full screen: the alternate screen, no cursor, and the mouse reported (1000, in SGR
 * form 1006) so that the wheel scrolls, in tmux too. Selecting text then takes Shift, as in
 * every program that reads the mouse.
 */
export const ENTER_FULL_SCREEN = '\u001B[?1049h\u001B[?25l\u001B[?1000h\u001B[?1006h\u001B[H\u001B[2J';
/** Leaving it, in the reverse order: the mouse, the cursor and the reader's own screen back. */
export const LEAVE_FULL_SCREEN = '\u001B[?2026l\u001B[0m\u001B[?1006l\u001B[?1000l\u001B[?25h\u001B[?1049l';
