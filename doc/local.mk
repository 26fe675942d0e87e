# doc: man pages, installed by make install.
dist_man_MANS += doc/dpjobs.1 doc/dpjobs-sim.1 doc/dpjobs-config.5
