from sim.cli import run

run()
