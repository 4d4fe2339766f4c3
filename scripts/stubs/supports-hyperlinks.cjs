// marked-terminal would emit OSC 8 hyperlinks that hide their address; the reader always shows
// the address instead, so hyperlink support is never asked (and node:tty never loaded for it).
module.exports = { stdout: false, stderr: false };
