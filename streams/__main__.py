from streams.worker import main

main()
