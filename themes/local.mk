# themes: colour themes, installed for `dpjobs --theme NAME`.
themedir = $(pkgdatadir)/themes
dist_theme_DATA = themes/default.theme themes/light.theme themes/mono.theme
# Where src/ui/theme.c looks NAME.theme up: the installed directory, and the
# source tree's themes/ for a program run from this build tree. The target
# that compiles src/ui/theme.c adds these to its CPPFLAGS.
THEME_CPPFLAGS = -DDPJOBS_THEMEDIR='"$(themedir)"' \
	-DDPJOBS_BUILDDIR='"$(abs_top_builddir)"' \
	-DDPJOBS_SRC_THEMEDIR='"$(abs_top_srcdir)/themes"'
