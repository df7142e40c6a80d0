#ifndef CREDSYNC_CNCURSES_SHIM_H
#define CREDSYNC_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <ncursesw/curses.h>

/// stdscr is a C global Swift 6 rejects as shared mutable state; these read it on the one UI thread.
static inline WINDOW *credsync_stdscr(void) { return stdscr; }

static inline int credsync_lines(void) { return LINES; }

static inline int credsync_cols(void) { return COLS; }

static inline void credsync_getmaxyx(WINDOW *window, int *rows, int *cols) {
    int y, x;
    getmaxyx(window, y, x);
    *rows = y;
    *cols = x;
}

static inline attr_t credsync_color_pair(short pair) { return (attr_t)COLOR_PAIR(pair); }

static inline attr_t credsync_attr_bold(void) { return A_BOLD; }

static inline attr_t credsync_attr_reverse(void) { return A_REVERSE; }

static inline attr_t credsync_attr_underline(void) { return A_UNDERLINE; }

static inline attr_t credsync_attr_dim(void) { return A_DIM; }

static inline int credsync_key_resize(void) { return KEY_RESIZE; }

static inline int credsync_err(void) { return ERR; }

/// Writes one cell: a wide-character string (a grapheme's scalars) with attributes and a colour pair.
static inline int credsync_put_cell(int y, int x, const wchar_t *text, attr_t attrs, short pair) {
    cchar_t cell;
    setcchar(&cell, text, attrs, pair, NULL);
    return mvadd_wch(y, x, &cell);
}
#endif
