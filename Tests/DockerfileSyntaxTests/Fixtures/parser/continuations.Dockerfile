FROM python:3.12-slim
RUN apt-get update \
    # a comment inside

    && apt-get install -y gcc \
  	
    && rm -rf /var/lib/apt/lists/*
RUN echo \\
RUN trailing \   
RUN last
