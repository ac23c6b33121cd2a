"""Authoring: exercise folders → the catalogue (`exercises`), `@check` cells → Otter test cells
(`checkcells`), built notebooks and zips (`build`, `notebooks`), and the verbs that prove an
exercise (`validate`, `variants`, `mutation`, `calibrate`, `samples`)."""
