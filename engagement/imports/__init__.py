"""Paper forms: bulk import of feedback and question answers from CSV and XLSX files.

``columns`` says what each column of a file holds and which values it allows (the template and the page list the
same); ``reading`` turns a file into rows; ``checking`` names every problem and turns good rows into database
values; ``writing`` inserts them (PostgreSQL ``COPY``); ``blank_files`` makes the templates. The services in
engagement/services/imports.py tie them together, run by background jobs (engagement/imports/jobs.py).
"""
