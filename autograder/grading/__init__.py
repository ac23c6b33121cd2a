"""Grading: a batch of submissions → results (`batch`), one trusted process per parallel
submission (`slots`), check files parsed and run (`checkfiles`), verdicts (`verdict`), points
(`scoring`), and the Gradescope entry point (`gradescope`). Student code runs only in
`autograder.execution`."""
