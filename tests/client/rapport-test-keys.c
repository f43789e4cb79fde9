/* rapport-test-keys.c: keys typed through the X server (XTest), as a keyboard sends them */
#include "rapport-test-keys.h"
#include "rapport-test-ui.h"

#include <gdk/x11/gdkx.h>
#include <string.h>
#include <X11/extensions/XTest.h>
#include <X11/keysym.h>

static const struct
{
  const char *name;
  KeySym      keysym;
  KeySym      modifier;
} named_keys[] = {
  { "<Tab>",       XK_Tab,       NoSymbol },
  { "<S-Tab>",     XK_Tab,       XK_Shift_L },
  { "<Return>",    XK_Return,    NoSymbol },
  { "<C-Return>",  XK_Return,    XK_Control_L },
  { "<Up>",        XK_Up,        NoSymbol },
  { "<A-Up>",      XK_Up,        XK_Alt_L },
  { "<Down>",      XK_Down,      NoSymbol },
  { "<Esc>",       XK_Escape,    NoSymbol },
  { "<BackSpace>", XK_BackSpace, NoSymbol },
  { "<End>",       XK_End,       NoSymbol },
  { "<space>",     XK_space,     NoSymbol },
  { "<Prior>",     XK_Page_Up,   NoSymbol },
  { "<Next>",      XK_Page_Down, NoSymbol },
  { "<C-k>",       XK_k,         XK_Control_L },
  { "<C-l>",       XK_l,         XK_Control_L },
  { "<C-s>",       XK_s,         XK_Control_L },
  { "<C-Right>",   XK_Right,     XK_Control_L },
  { "<C-Left>",    XK_Left,      XK_Control_L },
  { "<C-equal>",   XK_equal,     XK_Control_L },
  { "<C-minus>",   XK_minus,     XK_Control_L },
  { "<C-0>",       XK_0,         XK_Control_L },
};

static void
fake_key (Display *display,
          KeySym   keysym,
          gboolean press)
{
  KeyCode code = XKeysymToKeycode (display, keysym);

  g_assert_cmpuint (code, !=, 0);
  XTestFakeKeyEvent (display, code, press, CurrentTime);
}

static gboolean
window_active (gpointer data)
{
  return gtk_window_is_active (data);
}

/**
 * rapport_test_keys_send:
 * @window: the window that takes the keys, given the keyboard first
 * @keys: lower-case letters, digits, spaces, dots, hyphens and colons typed as they are, and
 *   the named keys of the table above (<Tab>, <S-Tab>, <C-Return>, …)
 *
 * Sends @keys through the X server with no delay between them, as a fast
 * typist would, and returns once GTK has handled every one.
 */
void
rapport_test_keys_send (GtkWidget  *window,
                        const char *keys)
{
  Display *display = gdk_x11_display_get_xdisplay (gtk_widget_get_display (window));
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));

  /* the keyboard goes to this window, as when the user clicked it */
  if (!gtk_window_is_active (GTK_WINDOW (window)))
    {
      XRaiseWindow (display, gdk_x11_surface_get_xid (surface));
      XSetInputFocus (display, gdk_x11_surface_get_xid (surface), RevertToParent, CurrentTime);
      XSync (display, False);
      rapport_test_ui_wait_until (window_active, window, 10, "the window to have the keyboard");
    }
  for (const char *p = keys; *p; p++)
    {
      KeySym modifier = NoSymbol;
      KeySym keysym = NoSymbol;

      for (guint i = 0; i < G_N_ELEMENTS (named_keys); i++)
        if (g_str_has_prefix (p, named_keys[i].name))
          {
            keysym = named_keys[i].keysym;
            modifier = named_keys[i].modifier;
            p += strlen (named_keys[i].name) - 1;
            break;
          }
      if (keysym == NoSymbol)
        {
          g_assert_true (g_ascii_isdigit (*p) || g_ascii_islower (*p) || *p == ' ' || *p == '.' || *p == '-' || *p == ':');
          keysym = *p == ' ' ? XK_space : *p == '.' ? XK_period : *p == '-' ? XK_minus : *p == ':' ? XK_colon
                 : XStringToKeysym ((char[]) { *p, '\0' });
          /* a colon is the semicolon key shifted */
          if (*p == ':')
            modifier = XK_Shift_L;
        }
      if (modifier != NoSymbol)
        fake_key (display, modifier, TRUE);
      fake_key (display, keysym, TRUE);
      fake_key (display, keysym, FALSE);
      if (modifier != NoSymbol)
        fake_key (display, modifier, FALSE);
    }
  /* every event the keys made is in this client's queue once the server answers */
  XSync (display, False);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  /* and anything they left for later runs */
  rapport_test_ui_settle (100);
}
