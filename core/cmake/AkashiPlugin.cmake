# Plugin helpers: akashi_add_plugin() is defined here.
