#ifndef CREDSYNC_CNCURSES_SHIM_H
#define CREDSYNC_CNCURSES_SHIM_H
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
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
/// Writes one cell from a grapheme's Unicode scalars (at most CCHARW_MAX are kept) with attributes and a pair.
static inline int credsync_put_scalars(int y, int x, const uint32_t *scalars, int count, attr_t attrs, short pair) {
    wchar_t text[CCHARW_MAX + 1];
    int n = count < CCHARW_MAX ? count : CCHARW_MAX;
    for (int i = 0; i < n; i++) text[i] = (wchar_t)scalars[i];
    text[n] = 0;
    return credsync_put_cell(y, x, text, attrs, pair);
}

// MARK: - Session

/// newterm on the process's stdout/stdin (C globals Swift 6 rejects); NULL when the terminal type is unknown.
static inline SCREEN *credsync_newterm(void) { return newterm(NULL, stdout, stdin); }

/// cbreak, noecho, nonl, keypad, no cursor, a short ESC delay: the dashboard's input mode.
static inline void credsync_setup_input(int escdelay_ms) {
    cbreak();
    noecho();
    nonl();
    intrflush(stdscr, FALSE);
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(escdelay_ms);
}

static inline void credsync_timeout(int ms) { wtimeout(stdscr, ms); }

/// Shows the terminal's cursor at (y, x) for the next refresh, or hides it when y is negative.
static inline void credsync_place_cursor(int y, int x) {
    if (y < 0) {
        curs_set(0);
    } else {
        curs_set(1);
        move(y, x);
    }
}

/// get_wch on stdscr: OK with a character, KEY_CODE_YES with a key code, ERR on timeout.
static inline int credsync_get_wch(uint32_t *out) {
    wint_t ch = 0;
    int result = wget_wch(stdscr, &ch);
    *out = (uint32_t)ch;
    return result;
}

static inline void credsync_clearok(void) { clearok(stdscr, TRUE); }

static inline int credsync_colors(void) { return COLORS; }

static inline int credsync_init_color(int index, int red1000, int green1000, int blue1000) {
    return init_extended_color(index, red1000, green1000, blue1000);
}

static inline int credsync_init_pair(int pair, int foreground, int background) {
    return init_extended_pair(pair, foreground, background);
}

// MARK: - Signals

/// The first SIGINT/SIGTERM/SIGHUP sets this for the UI loop to see; a second one restores the terminal with
/// async-signal-safe calls only and exits at once.
static volatile sig_atomic_t credsync_signal_received = 0;

/// The terminal modes saved before curses mode (function-local storage: Swift emits it with the function).
static inline struct termios *credsync_saved_termios(void) {
    static struct termios saved;
    return &saved;
}

static inline int *credsync_have_termios(void) {
    static int have = 0;
    return &have;
}

static inline struct sigaction *credsync_previous_actions(void) {
    static struct sigaction previous[3];
    return previous;
}

static inline int credsync_handled_signal(int index) {
    return index == 0 ? SIGINT : index == 1 ? SIGTERM : SIGHUP;
}

static void credsync_on_signal(int signal_number) {
    if (credsync_signal_received != 0) {
        if (*credsync_have_termios()) tcsetattr(STDIN_FILENO, TCSANOW, credsync_saved_termios());
        static const char reset[] = "\033[0m\033[?25h\033[?1049l\r\n";
        ssize_t ignored = write(STDOUT_FILENO, reset, sizeof reset - 1);
        (void)ignored;
        _exit(128 + signal_number);
    }
    credsync_signal_received = signal_number;
}

/// Saves the terminal's modes and installs the handlers; call before newterm so ncurses keeps ours.
static inline void credsync_install_signal_handlers(void) {
    credsync_signal_received = 0;
    *credsync_have_termios() = tcgetattr(STDIN_FILENO, credsync_saved_termios()) == 0;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = credsync_on_signal;
    sigemptyset(&action.sa_mask);
    for (int i = 0; i < 3; i++) sigaction(credsync_handled_signal(i), &action, &credsync_previous_actions()[i]);
}

static inline void credsync_restore_signal_handlers(void) {
    for (int i = 0; i < 3; i++) sigaction(credsync_handled_signal(i), &credsync_previous_actions()[i], NULL);
}

/// The signal that asked the dashboard to stop, 0 for none.
static inline int credsync_pending_signal(void) { return (int)credsync_signal_received; }
#endif
