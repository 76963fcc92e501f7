from kasgen.cli import main

raise SystemExit(main())
