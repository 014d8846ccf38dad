"""`python -m demo`: the offline demo, without going through the `regwatch` command."""

from demo.run import demo_command

if __name__ == "__main__":
    demo_command(prog_name="python -m demo")
