from scout_core.cli import main

main()
